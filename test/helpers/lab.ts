// A fresh virtual lab from labs/NAME.yaml in a temporary state directory, settled after boot.
import { loadLabFile } from '../../engine/lab/lab-file.ts';
import { Lab } from '../../engine/lab/lab.ts';
import { tempDir } from './config.ts';

export async function bootLab(name: string, seed?: number): Promise<Lab> {
  const r = await loadLabFile(`labs/${name}.yaml`);
  if (!r.ok) throw new Error(`labs/${name}.yaml: ${r.issues.map((i) => i.message).join('; ')}`);
  const lab = new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual', ...(seed !== undefined ? { seed } : {}) });
  lab.runUntilQuiet();
  return lab;
}
