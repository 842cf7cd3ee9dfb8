"""Export: ONNX bundles, manifest, parity and scheduler fixtures."""
