/** `inference:*` channels and events. Owned by the inference domain (see docs/ARCHITECTURE.md). */
export const inferenceChannels = {} as const;

export const inferenceEvents = {} as const;
