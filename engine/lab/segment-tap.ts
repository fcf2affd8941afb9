// Taps a lab segment: the observer sees every frame that enters it, whichever endpoint sent
// it, until the returned function removes the tap.
import type { FrameObserver, Segment } from './wire.ts';

export function tapSegment(segment: Segment, observer: FrameObserver): () => void {
  segment.onFrame.push(observer);
  return () => {
    const i = segment.onFrame.indexOf(observer);
    if (i >= 0) segment.onFrame.splice(i, 1);
  };
}
