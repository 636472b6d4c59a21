/** Resident memory of a process (VmRSS in /proc/<pid>/status), in KiB. proc(5). */
import { readFileSync } from 'node:fs';

export function vmRssKiB(pid: number | 'self'): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
