#!/usr/bin/env node
// `npx srxsim`: runs the TypeScript entry point through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./srxsim.ts');
