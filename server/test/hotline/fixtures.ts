// Media fixtures shared by the media and hotline tests.
import sharp from 'sharp';

/** A JPEG carrying EXIF with a camera name and a GPS position in 南通 (31°58'30"N 120°53'E). */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'X1', Copyright: 'owner-name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 58/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '120/1 53/1 0/1' },
    })
    .toBuffer();
}

export function wav(seconds: number, rate = 8000): Buffer {
  const dataBytes = Math.round(seconds * rate) * 2;
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

