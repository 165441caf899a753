"""Build the judging pools for data/natural_queries.jsonl, TREC-style (how data/natural_qrels.tsv was made).

For every query, the pool is the union of the top 10 of BM25 and the top 10 of all-MiniLM-L6-v2 over the
whole library (top 20 of each for thematic queries), plus the known-item query's intended prompt.
Every pooled prompt was then judged by reading it: 2 = exactly what was asked, 1 = acceptable, 0 = not
relevant; judges could add relevant prompts found outside the pool. Usage (from the repo root):

    .venv/bin/python data/pool_judgments.py OUT.jsonl
"""
import json, sys
from pathlib import Path
import bm25s, Stemmer, numpy as np
from prompt_retrieval.corpus import load_corpus
from prompt_retrieval.models import load_model

def pools(prompts, queries, k_known=10, k_thematic=20):
    docs = [f"{p.title}. {p.text}" for p in prompts]
    stem = Stemmer.Stemmer('english')
    bm = bm25s.BM25(); bm.index(bm25s.tokenize(docs, stopwords='en', stemmer=stem, show_progress=False), show_progress=False)
    model = load_model('all-MiniLM-L6-v2')
    D = model.encode(docs, normalize_embeddings=True, batch_size=64)
    Q = model.encode([q['query'] for q in queries], normalize_embeddings=True, batch_size=64)
    k = max(k_known, k_thematic)
    lex, _ = bm.retrieve(bm25s.tokenize([q['query'] for q in queries], stopwords='en', stemmer=stem, show_progress=False), k=k, show_progress=False)
    dense = np.argsort(-(Q @ D.T), axis=1)[:, :k]
    for q, l, d in zip(queries, lex, dense):
        n = k_thematic if q['type'] == 'thematic' else k_known
        ids = list(dict.fromkeys([prompts[i].prompt_id for i in [*l[:n], *d[:n]]] + ([q['target']] if q.get('target') else [])))
        yield {**q, 'pool': ids}

if __name__ == '__main__':
    prompts = load_corpus()
    queries = [json.loads(l) for l in open(Path(__file__).parent/'natural_queries.jsonl') if l.strip()]
    with open(sys.argv[1], 'w') as f:
        for row in pools(prompts, queries): f.write(json.dumps(row, ensure_ascii=False) + '\n')
