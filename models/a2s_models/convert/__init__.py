"""Official AV-LDM release -> bundle. `paper_nets` re-implements the released architectures with their
state-dict naming (CompVis SD-v1 UNet/VAE, TimeSformer, jik876 HiFi-GAN); `keyspec` lists the expected keys and
shapes; `official` maps a downloaded checkpoint onto them and exports a bundle."""
