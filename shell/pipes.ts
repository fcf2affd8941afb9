// The shell's output pipes as composable line transforms: each stage receives lines and
// passes what it keeps to the next, so `| match x | count` is two stages in a row, and
// output streams through to the pager while a long command is still running.
import type { ShellPipe } from './pipe-syntax.ts';

export interface LineSink {
  line(text: string): void;
  /** No more lines; resolves once this stage and everything after it has finished. */
  end(): Promise<void>;
}

export interface PipeContext {
  /** Writes a `| save` file into the device's file area. */
  saveFile?(name: string, content: string): Promise<void>;
  /** Lines `| last` shows without a number (a screenful). */
  defaultLast: number;
}

/** Chains the stages in order, ending in `sink`. */
export function buildPipeline(pipes: readonly ShellPipe[], sink: LineSink, ctx: PipeContext): LineSink {
  return pipes.reduceRight<LineSink>((next, pipe) => stage(pipe, next, ctx), sink);
}

function stage(pipe: ShellPipe, next: LineSink, ctx: PipeContext): LineSink {
  switch (pipe.name) {
    case 'match':
      return filter(next, (l) => pipe.pattern.test(l));
    case 'except':
      return filter(next, (l) => !pipe.pattern.test(l));
    case 'find': {
      let found = false;
      return filter(next, (l) => (found ||= pipe.pattern.test(l)));
    }
    case 'trim':
      return { line: (l) => next.line([...l].slice(pipe.columns).join('')), end: () => next.end() };
    case 'no-more':
      return next; // the pager is chosen before the pipeline is built
    case 'count': {
      let n = 0;
      return {
        line: () => void n++,
        end: async () => {
          next.line(`Count: ${n} lines`);
          await next.end();
        },
      };
    }
    case 'last': {
      const keep = Math.max(0, pipe.lines ?? ctx.defaultLast);
      const kept: string[] = [];
      return {
        line: (l) => {
          kept.push(l);
          if (kept.length > keep) kept.shift();
        },
        end: async () => {
          for (const l of kept) next.line(l);
          await next.end();
        },
      };
    }
    case 'save': {
      const lines: string[] = [];
      return {
        line: (l) => void lines.push(l),
        end: async () => {
          try {
            if (!ctx.saveFile) throw new Error('no file area');
            await ctx.saveFile(pipe.file, lines.map((l) => l + '\n').join(''));
            next.line(`Wrote ${lines.length} lines of output to '${pipe.file}'`);
          } catch (e) {
            next.line(`error: could not write '${pipe.file}': ${e instanceof Error ? e.message : String(e)}`);
          }
          await next.end();
        },
      };
    }
  }
}

function filter(next: LineSink, keep: (line: string) => boolean): LineSink {
  return { line: (l) => keep(l) && next.line(l), end: () => next.end() };
}

/** Cuts written text into lines; a trailing partial line is flushed at the end. */
export class LineSplitter {
  private partial = '';

  constructor(private readonly sink: LineSink) {}

  write(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const p of parts) this.sink.line(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  /** Passes a pending partial line on without ending the stream (before a question). */
  flushPartial(): void {
    if (this.partial !== '') this.sink.line(this.partial);
    this.partial = '';
  }

  end(): Promise<void> {
    this.flushPartial();
    return this.sink.end();
  }
}
