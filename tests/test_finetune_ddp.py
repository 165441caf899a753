"The multi-process fine-tuning path: `torchrun` with 2 CPU processes (gloo), a smoke-sized run; only the first process saves."
import json, os, subprocess, sys
from pathlib import Path

def test_torchrun_two_processes(tmp_path):
    env = {**os.environ, 'HF_HUB_OFFLINE': '1', 'TRANSFORMERS_OFFLINE': '1', 'OMP_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'false'}
    out = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '-m', 'prompt_retrieval', 'finetune', '--smoke',
                          '--no-resume', '--model-dir', str(tmp_path/'model'), '--report-dir', str(tmp_path/'report')],
                         env=env, capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[1])
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.count('model: ') == 1  # one process reports
    info = json.loads((tmp_path/'model'/'training.json').read_text())
    assert info['counts']['steps_done'] == 4
    assert '2 processes (DDP)' in (tmp_path/'model'/'README.md').read_text()
    assert (tmp_path/'model'/'onnx').is_dir() and (tmp_path/'report'/'training.md').exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ['model', 'report']  # checkpoints removed, nothing else written
