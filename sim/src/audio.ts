// The audio file behind every `recording_urls` link: a few seconds of a two-tone PCM WAV built in
// code, so links in webhooks resolve to something a media player really plays.

export function generateToneWav(seconds = 3, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const dataBytes = samples * 2; // 16-bit mono
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // channels
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    // Alternate 440 Hz and 660 Hz every half second so it is recognisably "a recording".
    const frequency = Math.floor(t * 2) % 2 === 0 ? 440 : 660;
    const fade = Math.min(1, t * 20, (seconds - t) * 20);
    wav.writeInt16LE(Math.round(Math.sin(2 * Math.PI * frequency * t) * 8000 * fade), 44 + i * 2);
  }
  return wav;
}
