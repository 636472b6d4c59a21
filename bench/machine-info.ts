/** What the figures were measured on: CPU model, cores, RAM, Node, ejabberd, kernel, date. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly ejabberd: string;
  readonly kernel: string;
  /** The commit the run was built from, "+dirty" when the working tree had changes. */
  readonly commit: string;
}

function commitOf(dir: string): string {
  try {
    const head = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(apiUrl: string, repoDir: string): Promise<MachineInfo> {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const status = await fetch(`${apiUrl}/status`, { method: 'POST', body: '{}' }).then((r) => r.text(), () => '');
  return {
    date: new Date().toISOString(),
    cpu: model.trim(),
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    ejabberd: /ejabberd (\S+) is running/.exec(status)?.[1] ?? 'unknown',
    kernel: release(),
    commit: commitOf(repoDir),
  };
}
