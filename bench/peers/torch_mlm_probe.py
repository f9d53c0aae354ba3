#!/usr/bin/python3
"""Training-dynamics probe behind the README's "unigram phase" check: MLM on a tokens.bin written by `nlu pretrain`
(corpus-tokens/tokens.bin), packed and held out as NluSharp does (chunks of T-2, every chunk i with i % 100 < 5 held out),
with the shared peer's BERT encoder (../../../shared/peers/torch_bert_bench.py), a BertLMPredictionHead-shaped head with
tied decoder, HF 80/10/10 masking, AdamW, linear warmup 5 % then decay, clipping 1.0, batch 32.
Usage: /usr/bin/python3 torch_mlm_probe.py TOKENS.BIN SEQ STEPS LR [tiny|mini]
(README figure: a count-words corpus, T 64, 300 steps, lr 1e-3, tiny; compare with `nlu pretrain` on the same tokens.)
"""
import sys, os, math, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'peers'))
import torch_bert_bench as peer
torch.manual_seed(0); torch.set_num_threads(1)
tokens = np.fromfile(sys.argv[1], dtype='<i4'); T = int(sys.argv[2]); steps = int(sys.argv[3]); lr = float(sys.argv[4])
L = T - 2; n = len(tokens) // L
chunks = tokens[: n * L].reshape(n, L)
val = [i for i in range(n) if i % 100 < 5]; tr = [i for i in range(n) if i % 100 >= 5]
def seqs(idx): return torch.tensor(np.concatenate([np.full((len(idx),1),101), chunks[idx], np.full((len(idx),1),102)], 1), dtype=torch.long)
c = peer.Cfg(**peer.CONFIGS[sys.argv[5] if len(sys.argv) > 5 else 'tiny'])
class MLM(nn.Module):
    def __init__(s):
        super().__init__(); s.bert = peer.BertModel(c); s.dense = nn.Linear(c.hidden, c.hidden); s.norm = nn.LayerNorm(c.hidden, eps=1e-12)
        s.decoder = nn.Linear(c.hidden, c.vocab); s.decoder.weight = s.bert.embeddings.word_embeddings.weight
        for m in s.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)): m.weight.data.normal_(0, 0.02)
            if isinstance(m, nn.Linear) and m.bias is not None: m.bias.data.zero_()
    def forward(s, ids):
        x = s.bert.embeddings(ids, torch.zeros_like(ids)); h = s.bert.encoder(x, torch.zeros(ids.shape[0],1,1,ids.shape[1]))
        return s.decoder(s.norm(F.gelu(s.dense(h))))
g = torch.Generator().manual_seed(1)
def mask(ids):
    special = (ids == 101) | (ids == 102) | (ids == 0)
    sel = torch.bernoulli(torch.full(ids.shape, 0.15), generator=g).bool() & ~special
    labels = torch.where(sel, ids, torch.full_like(ids, -100)); x = ids.clone()
    rep = torch.bernoulli(torch.full(ids.shape, 0.8), generator=g).bool() & sel; x[rep] = 103
    rnd = torch.bernoulli(torch.full(ids.shape, 0.5), generator=g).bool() & sel & ~rep; x[rnd] = torch.randint(c.vocab, ids.shape, generator=g)[rnd]
    return x, labels
m = MLM(); decay = [p for n_, p in m.named_parameters() if 'LayerNorm' not in n_ and 'norm' not in n_ and 'bias' not in n_]
other = [p for n_, p in m.named_parameters() if not any(p is q for q in decay)]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.0}, {'params': other, 'weight_decay': 0.0}], lr=lr)
warm = max(1, int(0.05 * steps)); sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / warm if s < warm else max(0, (steps - s) / (steps - warm)))
B = 32; perm = []; V = seqs(val)
for step in range(1, steps + 1):
    if len(perm) < B: perm += list(torch.randperm(len(tr), generator=g).numpy())
    idx = [tr[i] for i in perm[:B]]; perm = perm[B:]
    x, y = mask(seqs(idx)); m.train()
    loss = F.cross_entropy(m(x).reshape(-1, c.vocab), y.reshape(-1)); opt.zero_grad(); loss.backward()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step(); sched.step()
    if step % 100 == 0:
        m.eval()
        with torch.no_grad():
            x, y = mask(V); lg = m(x); sel = y != -100
            print(step, 'train', round(loss.item(), 4), 'eval_loss', round(F.cross_entropy(lg[sel], y[sel]).item(), 4), 'acc', round((lg[sel].argmax(-1) == y[sel]).float().mean().item(), 4), flush=True)
