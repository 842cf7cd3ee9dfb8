import { UPLOAD_PATH, UploadAnswer, type UploadResult } from '../../../main/contract/domains/upload';
import { RequestError } from './types';

/**
 * Browser mode: a dropped file's bytes to the loopback server (`POST /upload`, main/server/upload.ts), which writes
 * it into the engine's imports folder and answers its path there. Same origin, so the token cookie goes along.
 */
export async function uploadFile(file: File): Promise<UploadResult> {
  const res = await fetch(`${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
  const answer = UploadAnswer.safeParse(await res.json().catch(() => null));
  if (!answer.success) throw new Error(`${file.name}: the upload failed (HTTP ${res.status})`);
  if (!answer.data.ok) throw new RequestError(answer.data.error);
  return answer.data.result;
}
