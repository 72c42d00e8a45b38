"""scipy's ks_2samp on the windows bench/drift_calibration.ts exports; run once, results pinned.

  python3 -m venv /tmp/scipy-venv && /tmp/scipy-venv/bin/pip install scipy==1.14.1 numpy==2.1.3
  node dist/bench/drift_calibration.js --export /tmp/drift_windows.json
  /tmp/scipy-venv/bin/python bench/drift_calibration_scipy.py /tmp/drift_windows.json > bench/results/drift_calibration_scipy.json
"""
import json
import sys

import scipy
from scipy.stats import ks_2samp

data = json.load(open(sys.argv[1]))
baseline = data["baseline"]
rejections = {}
for name, windows in data["windows"].items():
    rejections[name] = sum(1 for window in windows if ks_2samp(baseline, window).pvalue < 0.05)
json.dump({"scipy": scipy.__version__, "method": "ks_2samp(baseline, window), method='auto', p < 0.05",
           "windows": {name: len(w) for name, w in data["windows"].items()}, "rejections": rejections},
          sys.stdout, indent=2)
print()
