"""Training entry points: python3 -m a2s_models.train.{ldm,vocoder,avsim,classifier} --config ... --data ... --out ..."""
