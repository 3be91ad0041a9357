import { parentPort } from 'node:worker_threads';
import { extractHtml } from './page-extractor';

/** Runs `extractHtml` off the main thread: parsing a large page takes seconds that must not stall other requests. */
parentPort?.on('message', (job: { id: number; html: string; url: string }) => {
  try {
    parentPort?.postMessage({ id: job.id, page: extractHtml(job.html, job.url) });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: (error as Error).message });
  }
});
