// Peer side of `nlu bench tokenize`: the Hugging Face tokenizers Rust core through its Node binding
// (@anush008/tokenizers, found through NODE_PATH), timed on the same inputs as NluSharp.
// usage: node bench_tokenize_peer.js TOKENIZER_JSON INPUT_FILE SECONDS
// Threads: the Rust core's rayon pool, sized by RAYON_NUM_THREADS (set by the caller).
// Prints one JSON line: {"sequences": n, "tokens": n, "seconds": s, "passes": p, "first_seconds": s, "mode": "..."}.
'use strict';
const fs = require('fs');
const tk = require(process.env.NLU_PEER_PACKAGE || '@anush008/tokenizers');

function readInputs(file) {
  const out = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    if (line.trimStart().startsWith('{')) {
      const j = JSON.parse(line);
      out.push({ text: j.text, pair: j.text_pair == null ? null : j.text_pair });
    } else out.push({ text: line.replace(/\r$/, ''), pair: null });
  }
  return out;
}

async function main() {
  const [tokPath, inputPath, secondsArg] = process.argv.slice(2);
  const seconds = Number(secondsArg || '3');
  const t = tk.Tokenizer.fromFile(tokPath);
  const inputs = readInputs(inputPath);
  const hasPairs = inputs.some((x) => x.pair !== null);
  // The binding's encodeBatch takes single texts only; pairs go through encode() one by one.
  const pass = hasPairs
    ? async () => { const r = []; for (const x of inputs) r.push(await t.encode(x.text, x.pair)); return r; }
    : async () => t.encodeBatch(inputs.map((x) => x.text));
  const t0 = process.hrtime.bigint();
  const first = await pass();
  const firstSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let tokens = 0;
  for (const e of first) tokens += e.getLength();
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds || passes < 2) {
    await pass();
    passes++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  console.log(JSON.stringify({ sequences: inputs.length * passes, tokens: tokens * passes, seconds: elapsed, passes, first_seconds: firstSeconds,
    mode: hasPairs ? 'encode per input (pairs)' : 'encodeBatch' }));
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
