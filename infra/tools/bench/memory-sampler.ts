/**
 * Peak memory of the whole local runtime: this Node process plus the DynamoDB Local JVM it spawned. Sampled
 * on an interval (the sum's peak), and cross-checked with what the kernel kept as each process's high-water
 * mark (Node's `maxRSS`, the JVM's `VmHWM`), whose sum is an upper bound of the combined peak.
 */
import { readFileSync } from 'node:fs';

const MIB = 1024 * 1024;

/** Peak figures in MiB. */
export interface MemoryPeaks {
  /** Highest sampled sum of Node RSS and JVM RSS. */
  readonly peakTotalMib: number;
  readonly peakNodeMib: number;
  readonly peakJavaMib: number;
  /** Node's `resourceUsage().maxRSS` plus the JVM's `VmHWM`: each process's own peak, summed (an upper bound). */
  readonly highWaterSumMib: number;
  /** Node and JVM RSS at the first sample (right after start-up), to tell the baseline from growth under load. */
  readonly atStartNodeMib: number;
  readonly atStartJavaMib: number;
  readonly samples: number;
}

/** A value in kB from /proc/<pid>/status (`VmRSS`, `VmHWM`), or 0 when the process is gone. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples every `intervalMs` until `stop()`.
 *
 * @example
 * const memory = sampleMemory(runtime.dynamoDbPid);
 * // … load …
 * const peaks = memory.stop(); // { peakTotalMib: 612.4, … }
 */
export function sampleMemory(javaPid: number, intervalMs = 200) {
  let peakTotal = 0;
  let peakNode = 0;
  let peakJava = 0;
  let samples = 0;
  const sample = () => {
    const node = process.memoryUsage.rss();
    const java = procStatusKb(javaPid, 'VmRSS') * 1024;
    peakNode = Math.max(peakNode, node);
    peakJava = Math.max(peakJava, java);
    peakTotal = Math.max(peakTotal, node + java);
    samples += 1;
  };
  sample();
  const atStartNode = peakNode;
  const atStartJava = peakJava;
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop(): MemoryPeaks {
      sample();
      clearInterval(timer);
      const highWater = process.resourceUsage().maxRSS * 1024 + procStatusKb(javaPid, 'VmHWM') * 1024;
      return {
        peakTotalMib: round(peakTotal / MIB),
        peakNodeMib: round(peakNode / MIB),
        peakJavaMib: round(peakJava / MIB),
        highWaterSumMib: round(highWater / MIB),
        atStartNodeMib: round(atStartNode / MIB),
        atStartJavaMib: round(atStartJava / MIB),
        samples,
      };
    },
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
