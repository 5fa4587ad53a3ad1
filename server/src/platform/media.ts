// Intake of user-supplied media. Images: the type is sniffed from the bytes (never the file name or the declared
// Content-Type), only JPEG/PNG/HEIC/WebP are accepted, the size is limited, and the picture is decoded and re-encoded,
// which drops every metadata block (EXIF with GPS, XMP, IPTC, maker notes, ICC, embedded thumbnails) — unless the
// caller asks to keep the GPS position, which is then re-written alone. Re-encoding also neutralises polyglot files.
// Voice notes: the container is sniffed (WebM/Ogg/M4A/MP3/WAV), the size limited, and the length read from the
// container where it records one; a container without a length (MediaRecorder's WebM) is bounded by size instead.
//
// HEIC: the prebuilt libvips that sharp ships decodes AVIF but not HEVC-coded HEIC (patent licensing). Where that is
// so, a HEIC upload is refused with the named problem `image-heic-unsupported` (415) rather than failing with a 500;
// phones can send JPEG instead (iOS: 设置 › 相机 › 格式 › 兼容性最佳; browsers convert when picking from the album).
import type { Metadata } from 'sharp';

// libvips is loaded on the first image, not at boot: it costs ~20 MB of resident memory that a server which is not
// receiving photos should not carry (issue #2 idle-RSS target).
let sharpModule: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;
// file-type (and its tokenizer and inflate dependencies, ~2 MB of heap) likewise comes with the first upload.
let fileTypeModule: Promise<typeof import('file-type')> | undefined;
export const fileTypeFromBuffer = async (input: Uint8Array) => (await (fileTypeModule ??= import('file-type'))).fileTypeFromBuffer(input);
import { AppError, defineProblem } from './http/problem.ts';

export const MEDIA_PROBLEMS = {
  imageType: defineProblem('image-type-not-allowed', { status: 415, title: '仅支持JPG、PNG、HEIC、WebP格式的图片', titleEn: 'Only JPEG, PNG, HEIC and WebP images are accepted' }),
  heicUnsupported: defineProblem('image-heic-unsupported', { status: 415, title: '暂不支持HEIC格式图片，请在相机设置中选择“兼容性最佳”或上传JPG图片', titleEn: 'HEIC images cannot be decoded here; please send a JPEG' }),
  imageTooLarge: defineProblem('image-too-large', { status: 413, title: '图片太大，请压缩后重新上传', titleEn: 'The image is too large' }),
  imageUnreadable: defineProblem('image-unreadable', { status: 422, title: '图片已损坏或无法识别，请重新选择', titleEn: 'The image cannot be read' }),
  audioType: defineProblem('audio-type-not-allowed', { status: 415, title: '仅支持webm、ogg、m4a、mp3、wav格式的语音', titleEn: 'Only WebM, Ogg, M4A, MP3 and WAV voice notes are accepted' }),
  audioTooLarge: defineProblem('audio-too-large', { status: 413, title: '语音文件太大', titleEn: 'The voice note is too large' }),
  audioTooLong: defineProblem('audio-too-long', { status: 422, title: '语音时长超出限制', titleEn: 'The voice note is too long' }),
};

export interface ImageLimits {
  maxBytes?: number;
  /** the longer side is scaled down to this */
  maxDimension?: number;
  maxPixels?: number;
}

export interface ProcessedImage {
  data: Buffer;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  /** the type the bytes really were */
  sourceMime: string;
  /** the GPS position of the original, only when keepGps was asked and there was one */
  gps: { latitude: number; longitude: number } | null;
}

const IMAGE_MIMES = new Set(['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp']);
export const DEFAULT_IMAGE_LIMITS = { maxBytes: 10 * 1024 * 1024, maxDimension: 2560, maxPixels: 40_000_000 } as const;

/** Sniffs, checks and re-encodes an image; the result carries no metadata except (on request) GPS. */
export async function processImage(input: Uint8Array, opts: ImageLimits & { keepGps?: boolean } = {}): Promise<ProcessedImage> {
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...opts };
  if (input.byteLength > limits.maxBytes) throw new AppError(MEDIA_PROBLEMS.imageTooLarge, { extensions: { maxBytes: limits.maxBytes } });
  const type = await fileTypeFromBuffer(input);
  if (!type || !IMAGE_MIMES.has(type.mime)) throw new AppError(MEDIA_PROBLEMS.imageType, { extensions: { detected: type?.mime ?? null } });
  const heic = type.mime === 'image/heic' || type.mime === 'image/heif';
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: limits.maxPixels }).metadata();
  } catch (err) {
    if (heic) throw new AppError(MEDIA_PROBLEMS.heicUnsupported);
    throw new AppError(MEDIA_PROBLEMS.imageUnreadable, { detail: errorText(err) });
  }
  const gps = opts.keepGps && meta.exif ? readExifGps(meta.exif) : null;
  const outMime = type.mime === 'image/png' ? 'image/png' : type.mime === 'image/webp' ? 'image/webp' : 'image/jpeg';
  try {
    // rotate() applies the EXIF orientation before the EXIF goes, so the picture still stands the right way up.
    let pipeline = sharp(input, { limitInputPixels: limits.maxPixels })
      .rotate()
      .resize({ width: limits.maxDimension, height: limits.maxDimension, fit: 'inside', withoutEnlargement: true });
    pipeline = outMime === 'image/png' ? pipeline.png() : outMime === 'image/webp' ? pipeline.webp({ quality: 85 }) : pipeline.jpeg({ quality: 85, mozjpeg: true });
    if (gps) pipeline = pipeline.withExif({ IFD3: gpsExif(gps) });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, mime: outMime, width: info.width, height: info.height, sourceMime: type.mime, gps };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (heic) throw new AppError(MEDIA_PROBLEMS.heicUnsupported);
    throw new AppError(MEDIA_PROBLEMS.imageUnreadable, { detail: errorText(err) });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : 'unreadable';
}

/** Reads the GPS latitude/longitude from a raw EXIF block ("Exif\0\0" + TIFF), or null. */
export function readExifGps(exif: Buffer): { latitude: number; longitude: number } | null {
  try {
    const base = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
    const le = exif.toString('latin1', base, base + 2) === 'II';
    const u16 = (o: number) => (le ? exif.readUInt16LE(base + o) : exif.readUInt16BE(base + o));
    const u32 = (o: number) => (le ? exif.readUInt32LE(base + o) : exif.readUInt32BE(base + o));
    const entries = (ifd: number) => {
      const n = u16(ifd);
      const out = new Map<number, { type: number; count: number; valueOffset: number }>();
      for (let i = 0; i < n; i++) {
        const e = ifd + 2 + i * 12;
        out.set(u16(e), { type: u16(e + 2), count: u32(e + 4), valueOffset: e + 8 });
      }
      return out;
    };
    const gpsPtr = entries(u32(4)).get(0x8825);
    if (!gpsPtr) return null;
    const gps = entries(u32(gpsPtr.valueOffset));
    const ref = (tag: number) => {
      const e = gps.get(tag);
      return e ? exif.toString('latin1', base + e.valueOffset, base + e.valueOffset + 1) : null;
    };
    const dms = (tag: number) => {
      const e = gps.get(tag);
      if (!e || e.type !== 5 || e.count !== 3) return null;
      const at = u32(e.valueOffset);
      const r = (i: number) => u32(at + i * 8) / (u32(at + i * 8 + 4) || 1);
      return r(0) + r(1) / 60 + r(2) / 3600;
    };
    const lat = dms(2);
    const lon = dms(4);
    if (lat === null || lon === null) return null;
    return { latitude: ref(1) === 'S' ? -lat : lat, longitude: ref(3) === 'W' ? -lon : lon };
  } catch {
    return null;
  }
}

function gpsExif(p: { latitude: number; longitude: number }): Record<string, string> {
  const dms = (v: number) => {
    const a = Math.abs(v);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
    return `${d}/1 ${m}/1 ${s}/1000`;
  };
  return { GPSLatitudeRef: p.latitude < 0 ? 'S' : 'N', GPSLatitude: dms(p.latitude), GPSLongitudeRef: p.longitude < 0 ? 'W' : 'E', GPSLongitude: dms(p.longitude) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Voice notes

export interface AudioLimits {
  maxBytes?: number;
  maxSeconds?: number;
}

export interface CheckedAudio {
  data: Buffer;
  mime: 'audio/webm' | 'audio/ogg' | 'audio/mp4' | 'audio/mpeg' | 'audio/wav';
  /** seconds, when the container records it */
  durationSeconds: number | null;
}

export const DEFAULT_AUDIO_LIMITS = { maxBytes: 2 * 1024 * 1024, maxSeconds: 60 } as const;

const AUDIO_MIMES: Record<string, CheckedAudio['mime']> = {
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm', // file-type names a WebM without a video track by its container
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/mpeg': 'audio/mpeg',
  'audio/wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
};

/** Sniffs a voice note and checks its size and (where the container records it) its length. Stored as received. */
export async function checkAudio(input: Uint8Array, opts: AudioLimits = {}): Promise<CheckedAudio> {
  const limits = { ...DEFAULT_AUDIO_LIMITS, ...opts };
  if (input.byteLength > limits.maxBytes) throw new AppError(MEDIA_PROBLEMS.audioTooLarge, { extensions: { maxBytes: limits.maxBytes } });
  const type = await fileTypeFromBuffer(input);
  const mime = type ? AUDIO_MIMES[type.mime] : undefined;
  if (!mime) throw new AppError(MEDIA_PROBLEMS.audioType, { extensions: { detected: type?.mime ?? null } });
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const durationSeconds = audioDuration(data, mime);
  if (durationSeconds !== null && durationSeconds > limits.maxSeconds + 0.5) {
    throw new AppError(MEDIA_PROBLEMS.audioTooLong, { extensions: { maxSeconds: limits.maxSeconds } });
  }
  return { data, mime, durationSeconds };
}

export function audioDuration(b: Buffer, mime: CheckedAudio['mime']): number | null {
  try {
    switch (mime) {
      case 'audio/wav': {
        // RIFF: fmt chunk gives byte rate; data chunk gives length.
        let off = 12;
        let byteRate = 0;
        while (off + 8 <= b.length) {
          const id = b.toString('latin1', off, off + 4);
          const size = b.readUInt32LE(off + 4);
          if (id === 'fmt ') byteRate = b.readUInt32LE(off + 16);
          if (id === 'data') return byteRate ? size / byteRate : null;
          off += 8 + size + (size % 2);
        }
        return null;
      }
      case 'audio/ogg': {
        // The last page's granule position over the sample rate (Opus always counts at 48 kHz, minus pre-skip).
        const last = b.lastIndexOf('OggS');
        if (last < 0) return null;
        const granule = Number(b.readBigUInt64LE(last + 6));
        const opus = b.indexOf('OpusHead');
        if (opus >= 0) return (granule - b.readUInt16LE(opus + 10)) / 48000;
        const vorbis = b.indexOf('\x01vorbis', 0, 'latin1');
        if (vorbis >= 0) return granule / b.readUInt32LE(vorbis + 12);
        return null;
      }
      case 'audio/mp4': {
        const mvhd = b.indexOf('mvhd');
        if (mvhd < 0) return null;
        const v = b[mvhd + 4];
        if (v === 1) return Number(b.readBigUInt64LE(mvhd + 4 + 24)) / b.readUInt32BE(mvhd + 4 + 20);
        return b.readUInt32BE(mvhd + 4 + 16) / b.readUInt32BE(mvhd + 4 + 12);
      }
      case 'audio/webm': {
        // Segment Info › Duration (0x4489, float, in TimecodeScale units — default 1 ms). MediaRecorder omits it.
        const at = b.indexOf(Buffer.from([0x44, 0x89]));
        if (at < 0) return null;
        const size = b[at + 2]! & 0x7f;
        const value = size === 8 ? b.readDoubleBE(at + 3) : size === 4 ? b.readFloatBE(at + 3) : null;
        return value === null || !Number.isFinite(value) ? null : value / 1000;
      }
      case 'audio/mpeg': {
        // Constant bit rate estimate from the first frame header (MPEG-1 Layer III).
        let off = b.toString('latin1', 0, 3) === 'ID3' ? 10 + ((b[6]! << 21) | (b[7]! << 14) | (b[8]! << 7) | b[9]!) : 0;
        while (off + 4 < b.length && !(b[off] === 0xff && (b[off + 1]! & 0xe0) === 0xe0)) off++;
        const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][b[off + 2]! >> 4];
        return kbps ? ((b.length - off) * 8) / (kbps * 1000) : null;
      }
    }
  } catch {
    return null;
  }
}
