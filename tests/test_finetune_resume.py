"Fine-tuning survives an interruption: it resumes from the last checkpoint, finishes, cleans up; a failed push leaves the model as it was."
import os
from pathlib import Path
import transformers as _tr
from fastcore.test import test_eq as _eq
from conftest import ROOT
from prompt_retrieval.corpus import data_dir, load_corpus
from prompt_retrieval.queries import build_dataset, write_dataset
from prompt_retrieval.finetune import FinetuneConfig, PushError, finetune, push_to_hub

class _Crash(_tr.TrainerCallback):
    def on_step_end(self, args, state, control, **kw):
      if state.global_step == 3: raise KeyboardInterrupt("simulated interruption")

def test_interrupted_finetune_resumes_and_a_failed_push_changes_nothing(tmp_path, monkeypatch):
    d = tmp_path
    fx = data_dir().parent/'tests'/'fixtures'/'smoke_corpus.txt'
    write_dataset(build_dataset(load_corpus([fx]), seed=1), d/'golden')
    cfg = FinetuneConfig(max_steps=4, batch_size=4, eval_steps=2, mine_range_max=5, save_total_limit=3)
    try: finetune(d/'golden', d/'model', cfg, progress=False, callbacks=[_Crash()]); raise AssertionError('should have stopped')
    except KeyboardInterrupt: pass
    assert (d/'model.checkpoints'/'checkpoint-2').exists() and not (d/'model').exists()
    res = finetune(d/'golden', d/'model', cfg, progress=False)
    _eq(Path(res.resumed_from).name, 'checkpoint-2')
    _eq(max(h['step'] for h in res.history), 4)
    _eq(res.false_negatives['sampler_batches']['pair_rate'], 0.0)
    from sentence_transformers import SentenceTransformer
    m = SentenceTransformer(str(d/'model'))
    _eq(m.encode(['a ghost story']).shape, (1, 384))
    assert 'Test prompts were never seen' in (d/'model'/'README.md').read_text()
    assert not (d/'model.checkpoints').exists()  # removed after success
    before = sorted(p.name for p in (d/'model').iterdir())
    monkeypatch.setenv('HF_TOKEN', 'hf_secret_token_123')
    try: push_to_hub(d/'model', 'someone/prompt-retriever-test')
    except PushError as e: assert 'hf_secret_token_123' not in str(e) and 'local model is unchanged' in str(e), str(e)
    else: raise AssertionError('push should fail offline')
    _eq(sorted(p.name for p in (d/'model').iterdir()), before)
