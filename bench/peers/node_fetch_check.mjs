// Peer checker for the benchmark: Node's global fetch (undici), written as a typical user would.
//
// usage: NODE_EXTRA_CA_CERTS=CA.pem node node_fetch_check.mjs --limit N LIST
// LIMIT workers pull URLs from the list; each response body is drained so the connection is
// reused. Prints "STATUS URL" per URL ("000 URL" on any error).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

function parseArgs(argv) {
  let limit = 100;
  let list = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--limit') limit = Number(argv[++i]);
    else list = argv[i];
  }
  if (!list || !(limit > 0)) {
    console.error('usage: node_fetch_check.mjs --limit N LIST');
    process.exit(2);
  }
  return { limit, list };
}

// Lines of the list as an async iterator shared by every worker: the list is streamed, and
// each URL goes to exactly one worker.
async function* readUrls(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    const url = line.trim();
    if (url && !url.startsWith('#')) yield url;
  }
}

const { limit, list } = parseArgs(process.argv.slice(2));
const urls = readUrls(list);
let out = [];

function flush() {
  if (out.length) process.stdout.write(out.join(''));
  out = [];
}

async function worker() {
  for (;;) {
    const { value: url, done } = await urls.next();
    if (done) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      out.push(`${res.status} ${url}\n`);
    } catch {
      out.push(`000 ${url}\n`);
    }
    if (out.length >= 1024) flush();
  }
}

await Promise.all(Array.from({ length: limit }, worker));
flush();
