import { container, enumOf, flag, key, leaf, list, str, uint } from './types.ts';

export const traceoptions = (help: string, flags: string[]) =>
  container('traceoptions', help, [
    container('file', 'Trace file information', [
      leaf('filename', str({ pattern: /^[^/\s%]+$/, patternMessage: "Must not contain '/', % or a space" }), 'Name of file in which to write trace information', { positional: true }),
      leaf('size', str({ pattern: /^\d+[kmg]?$/, patternMessage: 'Must be a number optionally followed by k, m or g' }), 'Maximum trace file size (10240..1073741824)'),
      leaf('files', uint(2, 1000), 'Maximum number of trace files (2..1000)'),
      flag('world-readable', 'Allow any user to read the log file'),
    ], { inline: true }),
    list('flag', 'Tracing parameters', [key('name', enumOf(...flags), 'Tracing parameters')], []),
    flag('no-remote-trace', 'Disable remote tracing'),
  ]);
