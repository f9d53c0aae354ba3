#!/usr/bin/python3
"""PyTorch peer for `nlu bench model --mode mlm`: one masked-language-model pretraining step of BertForMaskedLM.

It imports the BERT encoder of ../shared/peers/torch_bert_bench.py (same modules, names and tuned-run advice) and adds
the MLM head of transformers' BertLMPredictionHead (dense -> gelu -> LayerNorm -> decoder tied to the word embeddings,
plus a bias). A step is what `nlu pretrain` does: mask 15 % of the tokens (80/10/10, as DataCollatorForLanguageModeling),
run the encoder, gather the hidden states of the masked positions first, run the head on those rows only,
cross-entropy, backward, AdamW step.

FLOPs (matmuls only, multiply-add = 2): per step 3 * (B * F_encoder + M * (2*H^2 + 2*H*V)) with M the masked tokens
and F_encoder = L * (8*S*H^2 + 4*S*H*I + 4*S^2*H) as the shared peer counts (no pooler: the MLM model has none).

Run with Debian's torch and the peer settings of ../shared/peers/README.md:
    env -u OPENBLAS_CORETYPE OMP_WAIT_POLICY=PASSIVE ATEN_CPU_CAPABILITY=avx512 \\
        LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \\
        /usr/bin/python3 bench/peers/torch_mlm_bench.py --config mini --batch 64 --seq 128 --threads 2
"""
import argparse
import json
import os
import statistics
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SHARED_PEERS = os.environ.get("NLUSHARP_SHARED_PEERS", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "peers"))
sys.path.insert(0, os.path.abspath(SHARED_PEERS))
import torch_bert_bench as peer  # noqa: E402  (the shared encoder, CONFIGS, set_threads, time_it)


class BertForMaskedLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.cfg = c
        self.bert = peer.BertModel(c)
        self.bert.pooler = None                       # BertForMaskedLM has no pooler
        self.dense = nn.Linear(c.hidden, c.hidden)
        self.norm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.decoder = nn.Linear(c.hidden, c.vocab)
        self.decoder.weight = self.bert.embeddings.word_embeddings.weight   # tied, as HF

    def forward(self, ids, mask, tt, positions, labels):
        x = self.bert.embeddings(ids, tt)
        ext = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        h = self.bert.encoder(x, ext)
        rows = h.reshape(-1, h.shape[-1]).index_select(0, positions)      # gather first
        logits = self.decoder(self.norm(F.gelu(self.dense(rows))))
        return F.cross_entropy(logits, labels)


def mask_tokens(ids, vocab, gen, p=0.15):
    """DataCollatorForLanguageModeling.torch_mask_tokens without specials (ids are random non-special tokens)."""
    selected = torch.bernoulli(torch.full(ids.shape, p), generator=gen).bool()
    labels = ids[selected]
    corrupted = ids.clone()
    replaced = torch.bernoulli(torch.full(ids.shape, 0.8), generator=gen).bool() & selected
    corrupted[replaced] = 103
    randomized = torch.bernoulli(torch.full(ids.shape, 0.5), generator=gen).bool() & selected & ~replaced
    corrupted[randomized] = torch.randint(vocab, ids.shape, generator=gen)[randomized]
    return corrupted, selected.reshape(-1).nonzero().squeeze(1), labels


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", choices=sorted(peer.CONFIGS), default="mini")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    peer.set_threads(a.threads)
    torch.manual_seed(a.seed)
    c = peer.Cfg(**peer.CONFIGS[a.config])
    model = BertForMaskedLM(c).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    gen = torch.Generator().manual_seed(a.seed)
    ids = torch.randint(1000, c.vocab, (a.batch, a.seq), generator=gen)
    attention = torch.ones(a.batch, a.seq, dtype=torch.long)
    tt = torch.zeros(a.batch, a.seq, dtype=torch.long)
    masked_counts = []

    def step():
        corrupted, positions, labels = mask_tokens(ids, c.vocab, gen)
        masked_counts.append(len(labels))
        opt.zero_grad(set_to_none=True)
        model(corrupted, attention, tt, positions, labels).backward()
        opt.step()

    ts = peer.time_it(step, a.warmup, a.iters)
    med = statistics.median(ts)
    h, i, s, L, V = c.hidden, c.intermediate, a.seq, c.layers, c.vocab
    encoder = L * (8 * s * h * h + 4 * s * h * i + 4 * s * s * h)
    m = statistics.mean(masked_counts)
    flop = 3 * (a.batch * encoder + m * (2 * h * h + 2 * h * V))
    print(json.dumps({
        "peer": "torch %s" % torch.__version__, "blas": peer.blas_desc(), "config": a.config, "mode": "mlm", "batch": a.batch, "seq": a.seq,
        "threads": a.threads, "masked_per_step": round(m, 1), "step_s_median": round(med, 4),
        "seq_per_s": round(a.batch / med, 2), "tokens_per_s": round(a.batch * s / med, 1), "gflops": round(flop / med / 1e9, 2),
    }))


if __name__ == "__main__":
    main()
