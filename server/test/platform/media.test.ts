import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { checkAudio, processImage, readExifGps } from '../../src/platform/media.ts';
import { AppError } from '../../src/platform/http/problem.ts';
import { jpegWithGps, wav } from '../hotline/fixtures.ts';

const problem = (name: string) => (e: unknown) => e instanceof AppError && e.problem === name;

describe('image intake', () => {
  it('PP-1.13 strips EXIF including GPS from an uploaded photo', async () => {
    const original = await jpegWithGps();
    assert.ok((await sharp(original).metadata()).exif, 'the fixture really carries EXIF');
    assert.ok(readExifGps((await sharp(original).metadata()).exif!));
    const out = await processImage(original);
    const meta = await sharp(out.data).metadata();
    assert.equal(out.mime, 'image/jpeg');
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.iptc, undefined);
    assert.equal(out.data.includes('TestCam'), false);
    assert.equal(out.data.includes('owner-name'), false);
    assert.equal(out.gps, null);
  });

  it('keeps only the GPS position when the user chose to share location', async () => {
    const out = await processImage(await jpegWithGps(), { keepGps: true });
    assert.ok(out.gps);
    assert.ok(Math.abs(out.gps.latitude - (31 + 58 / 60 + 30 / 3600)) < 1e-6);
    assert.ok(Math.abs(out.gps.longitude - (120 + 53 / 60)) < 1e-6);
    const exif = (await sharp(out.data).metadata()).exif!;
    const again = readExifGps(exif)!;
    assert.ok(Math.abs(again.latitude - out.gps.latitude) < 1e-4);
    assert.equal(out.data.includes('TestCam'), false, 'the camera model is still removed');
  });

  it('sniffs the type from the bytes: a text file named .jpg is refused', async () => {
    await assert.rejects(processImage(Buffer.from('GIF89a not really an image at all, just text')), problem('image-type-not-allowed'));
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } }).gif().toBuffer();
    await assert.rejects(processImage(gif), problem('image-type-not-allowed'));
  });

  it('accepts PNG and WebP and keeps their format', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: 'green' } }).png().toBuffer();
    assert.equal((await processImage(png)).mime, 'image/png');
    const webp = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'green' } }).webp().toBuffer();
    assert.equal((await processImage(webp)).mime, 'image/webp');
  });

  it('refuses an image over the size limit with 413', async () => {
    await assert.rejects(processImage(await jpegWithGps(), { maxBytes: 100 }), problem('image-too-large'));
  });

  it('refuses a HEIC it cannot decode with a named problem, not a 500', async () => {
    // A HEIC file's header (ftyp box, brand heic) with no decodable picture; sharp's bundled libvips has no HEVC decoder.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(200)]);
    await assert.rejects(processImage(heic), (e: unknown) => e instanceof AppError && e.status === 415 && e.problem === 'image-heic-unsupported');
  });

  it('refuses a truncated JPEG as unreadable (422)', async () => {
    const broken = (await jpegWithGps()).subarray(0, 300);
    await assert.rejects(processImage(broken), (e: unknown) => e instanceof AppError && (e.status === 422 || e.status === 415));
  });
});

describe('voice-note intake', () => {
  it('PP-1.14 accepts a short WAV and reads its length', async () => {
    const a = await checkAudio(wav(2));
    assert.equal(a.mime, 'audio/wav');
    assert.equal(a.durationSeconds, 2);
  });

  it('refuses a voice note longer than the limit', async () => {
    await assert.rejects(checkAudio(wav(61)), problem('audio-too-long'));
    await assert.rejects(checkAudio(wav(5), { maxSeconds: 3 }), problem('audio-too-long'));
  });

  it('refuses something that is not audio, and audio over the size limit', async () => {
    await assert.rejects(checkAudio(await jpegWithGps()), problem('audio-type-not-allowed'));
    await assert.rejects(checkAudio(wav(2), { maxBytes: 1000 }), problem('audio-too-large'));
  });
});
