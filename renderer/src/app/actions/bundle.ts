/**
 * Which model bundle generates: the engine's registry lists builtin bundles (the default, overlays such as
 * foleyworld-v4-motion for real footage) and the user's adapters; choosing one persists in the data folder.
 */
import type { ResponseOf } from '../../../../main/contract';
import type { Editor } from '../editor';

export type BundleChoice = ResponseOf<'bundle:list'>['bundles'][number];

/** Usable bundles, in the registry's order (an invalid one cannot be chosen, so it is not offered). */
export async function listBundles(e: Editor): Promise<BundleChoice[]> {
  return (await e.api.typed('bundle:list', {})).bundles.filter((b) => b.valid);
}

/** The bundle becomes the active one: generations and timing-head predictions use it from now on. */
export async function chooseBundle(e: Editor, id: string): Promise<void> {
  await e.api.typed('bundle:select', { id });
  await e.fetchBundle();
}
