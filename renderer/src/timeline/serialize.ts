import { ProjectDoc } from '../../../main/contract/domains/project-doc';
import { EditError } from './errors';

/** The document as written to project.json: validated against the shared schema, `modified` stamped. */
export function toProjectDoc(doc: ProjectDoc, now = new Date().toISOString()): ProjectDoc {
  return ProjectDoc.parse({ ...doc, modified: now });
}

/** A document read back (from the engine or a file); a bad one is refused with the field that is wrong. */
export function fromProjectDoc(json: unknown, from = 'project.json'): ProjectDoc {
  const parsed = ProjectDoc.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EditError(`${from}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
