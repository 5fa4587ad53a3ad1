// Face frames as the browser sends them: 1–3 JPEG stills, base64 (optionally a data: URL), captured after the
// prompted actions. The type is sniffed from the bytes (file-type), never trusted from the client, and each frame is
// size-limited. The buffers exist for the provider call only (PP-1.5).
import { AppError } from '../../platform/http/problem.ts';
import { fileTypeFromBuffer } from '../../platform/media.ts'; // file-type imported on the first frame (issue #2 idle RSS)
import { REALNAME_PROBLEMS } from './realname.problems.ts';

export const MAX_FRAMES = 3;
export const MAX_FRAME_BYTES = 512 * 1024;
const MIN_FRAME_BYTES = 256;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export async function decodeFrames(input: string[]): Promise<Buffer[]> {
  if (!Array.isArray(input) || input.length < 1 || input.length > MAX_FRAMES) {
    throw new AppError(REALNAME_PROBLEMS.imageInvalid, { detail: `需要1到${MAX_FRAMES}张照片`, extensions: { reason: 'frame-count' } });
  }
  const frames: Buffer[] = [];
  for (const raw of input) {
    const b64 = raw.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, '');
    if (b64.length > Math.ceil((MAX_FRAME_BYTES * 4) / 3) + 4) throw new AppError(REALNAME_PROBLEMS.imageTooLarge, { extensions: { limitBytes: MAX_FRAME_BYTES } });
    if (!BASE64.test(b64)) throw new AppError(REALNAME_PROBLEMS.imageInvalid, { extensions: { reason: 'encoding' } });
    const buf = Buffer.from(b64, 'base64');
    if (buf.length > MAX_FRAME_BYTES) throw new AppError(REALNAME_PROBLEMS.imageTooLarge, { extensions: { limitBytes: MAX_FRAME_BYTES } });
    const type = buf.length >= MIN_FRAME_BYTES ? await fileTypeFromBuffer(buf) : undefined;
    if (type?.mime !== 'image/jpeg') throw new AppError(REALNAME_PROBLEMS.imageInvalid, { extensions: { reason: 'not-jpeg' } });
    frames.push(buf);
  }
  return frames;
}
