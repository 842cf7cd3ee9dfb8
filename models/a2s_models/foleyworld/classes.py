"""Foley World vocabulary: action and ambience classes, materials, scenes and tools.

Indices are part of the data contract (`action_class`, `ambience_class`, `scene` ints of the clip API and the JSON
files): append only, never reorder.
"""

ACTION_CLASSES = [
    "chop",              # axe / cleaver into wood
    "dig",               # shovel / hoe into soil or gravel
    "pick",              # pickaxe on rock or metal ore
    "hammer",            # hammer on wood / stone (construction)
    "saw",               # one saw stroke into wood
    "impact-wood",       # a stick striking wood
    "impact-metal",      # a stick striking metal
    "impact-stone",      # a stick striking stone
    "footstep-soft",     # grass, sand, dirt, soft ground
    "footstep-crunchy",  # gravel, snow
    "footstep-hard",     # rock, concrete, wood floor, metal, ice
    "splash",            # a hand slapping water
]

AMBIENCE_CLASSES = ["forest", "wind", "rain", "water", "town", "hum", "fire"]

# The picture's cue for the ambience around it: each ambience lights its scene with its own colour (firelight red,
# sodium street light, fluorescent hum, green shade, water's cyan, rain's blue, wind's grey-violet), as a real
# camera sees a rainy street differently from a fireside. Hue angles on the RGB chroma circle, 360/7 apart, so
# AV-Sim can retrieve the right ambience from the video alone (issue 8). Before this the ambience was random per
# scene and no picture could tell it.
AMBIENCE_LIGHT_HUE = {a: 360.0 * k / 7 for k, a in enumerate(["fire", "town", "hum", "forest", "water", "rain", "wind"])}

MATERIALS = ["wood", "tiles", "stone", "metal", "soil", "grass", "gravel", "asphalt", "water"]

# Which surface material each action strikes (first = preferred).
CLASS_MATERIALS = {
    "chop": ["wood"], "dig": ["soil", "gravel"], "pick": ["stone"], "hammer": ["wood", "stone"],
    "saw": ["wood"], "impact-wood": ["wood"], "impact-metal": ["metal"], "impact-stone": ["stone", "tiles"],
    "footstep-soft": ["grass", "soil"], "footstep-crunchy": ["gravel"],
    "footstep-hard": ["asphalt", "stone", "tiles", "wood"], "splash": ["water"],
}

# Tool drawn for each action (see sprites.py).
CLASS_TOOL = {
    "chop": "axe", "dig": "shovel", "pick": "pickaxe", "hammer": "hammer", "saw": "saw",
    "impact-wood": "stick", "impact-metal": "stick", "impact-stone": "stick",
    "footstep-soft": "shoe", "footstep-crunchy": "shoe", "footstep-hard": "shoe", "splash": "hand",
}

# Scenes: background material, object patches lying on it, plausible actions and ambiences.
SCENES = {
    "kitchen": dict(background="tiles", patches=["wood", "metal", "water"],
                    actions=["chop", "impact-wood", "impact-metal", "impact-stone", "splash", "hammer"],
                    ambience=["hum", "town", "rain", "forest", "fire"]),
    "workbench": dict(background="wood", patches=["metal", "stone"],
                      actions=["hammer", "saw", "chop", "impact-wood", "impact-metal", "impact-stone"],
                      ambience=["hum", "town", "wind", "rain", "fire"]),
    "garden": dict(background="soil", patches=["grass", "stone", "gravel", "water", "wood"],
                   actions=["dig", "pick", "footstep-soft", "footstep-crunchy", "splash", "chop"],
                   ambience=["forest", "wind", "rain", "water", "fire"]),
    "street": dict(background="asphalt", patches=["stone", "gravel", "metal"],
                   actions=["footstep-hard", "footstep-crunchy", "impact-metal", "impact-stone", "pick"],
                   ambience=["town", "wind", "rain", "hum", "water"]),
}
SCENE_NAMES = list(SCENES)

SAMPLE_RATE = 16000
CLIP_SAMPLES = 32768          # 2.048 s (models/SPEC.md)
CLIP_FRAMES = 64              # 31.25 fps
CLIP_SIZE = 48
HOP = 256                     # latent frame = 256 samples → 128 per clip
MIN_SPACING = 0.15            # s between events
