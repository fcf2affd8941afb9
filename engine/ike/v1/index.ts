// IKEv1 exchanges: one module per exchange, pure state machines over Buffers.
export * from './failure.ts';
export * from './main-mode.ts';
export * from './aggressive-mode.ts';
export * from './quick-mode.ts';
export * from './informational.ts';
export * from './retransmission.ts';
export * from './dead-peer-detection.ts';
export { selectPhase1, acceptPhase1Choice, phase1OfferPayload, type Phase1Suite, type Phase1Offer } from './phase1-proposals.ts';
export { selectPhase2, acceptPhase2Choice, phase2OfferPayload, type Phase2Suite, type Phase2Offer } from './phase2-proposals.ts';
export type { Phase1Negotiation, Phase1Step, Role } from './phase1-negotiation.ts';
export { preSharedKeyAuthenticator, type Phase1Authenticator } from './phase1-auth.ts';
