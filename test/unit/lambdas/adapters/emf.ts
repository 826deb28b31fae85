import { vi } from 'vitest';

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/**
 * Captures the CloudWatch EMF documents Powertools Metrics writes (one JSON line on stdout per flush); other
 * output passes through. Undo with `vi.restoreAllMocks()`.
 */
export function captureEmf(): EmfDocument[] {
  const documents: EmfDocument[] = [];
  const passThrough = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = String(chunk);
    if (text.includes('"_aws"')) {
      documents.push(JSON.parse(text));
      return true;
    }
    return passThrough(chunk, ...rest);
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  return documents;
}

/** The metric names a document declares, sorted. */
export const declaredMetrics = (doc: EmfDocument | undefined): string[] =>
  (doc?._aws.CloudWatchMetrics[0]?.Metrics ?? []).map((m) => m.Name).sort();
