// The simulator's end of one WebRTC call: a werift peer (pure TypeScript WebRTC) offering Opus,
// encoding what the mixer gives it and decoding what the client sends (opusscript, wasm).
// Loaded lazily by the gateway on the first invite, so a simulator without softphones never loads it.
import OpusScript from 'opusscript';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { FRAME_SAMPLES, fromPcm16, toPcm16 } from './audio-frames';

const OPUS_PAYLOAD_TYPE = 111; // what Chromium and the SDK use for Opus
/** Frames kept from the client when the mixer falls behind (jitter); older ones are dropped. */
const MAX_QUEUED_FRAMES = 5;
/** How long to wait for host ICE candidates before sending the offer (non-trickle, like Telnyx). */
const ICE_GATHERING_TIMEOUT_MS = 1000;

export class SoftphonePeer {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private readonly encoder = new OpusScript(48_000, 1, OpusScript.Application.VOIP);
  private readonly decoder = new OpusScript(48_000, 1, OpusScript.Application.VOIP);
  private readonly received: Float32Array[] = [];
  private sequenceNumber = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff);
  private closed = false;
  /** Packets received from the client (payload bytes, for tests that look at silence by size). */
  packetsReceived = 0;
  /** Sees every frame decoded from the client as it arrives (the gateway's audio taps). */
  onDecodedFrame?: (frame: Float32Array) => void;

  private constructor() {
    this.pc = new RTCPeerConnection({
      codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2, payloadType: OPUS_PAYLOAD_TYPE })] },
      iceServers: [],
      iceUseIpv6: false,
    });
    const transceiver = this.pc.addTransceiver(this.track, { direction: 'sendrecv' });
    transceiver.onTrack.subscribe((remote) => {
      remote.onReceiveRtp.subscribe((rtp) => this.onPacket(rtp.payload));
    });
  }

  /** A peer and its offer SDP, with its host candidates gathered. */
  static async offer(): Promise<{ peer: SoftphonePeer; sdp: string }> {
    const peer = new SoftphonePeer();
    await peer.pc.setLocalDescription(await peer.pc.createOffer());
    if (peer.pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ICE_GATHERING_TIMEOUT_MS);
        peer.pc.iceGatheringStateChange.subscribe((state) => {
          if (state === 'complete') {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    }
    const sdp = peer.pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no local description');
    return { peer, sdp };
  }

  /** The client's answer SDP. */
  async accept(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  /** Sends one 20 ms frame to the client. */
  send(frame: Float32Array): void {
    if (this.closed) return;
    const payload = this.encoder.encode(toPcm16(frame), FRAME_SAMPLES);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
    const header = new RtpHeader({
      payloadType: OPUS_PAYLOAD_TYPE, sequenceNumber: this.sequenceNumber, timestamp: this.timestamp, ssrc: this.ssrc, marker: false,
    });
    this.track.writeRtp(new RtpPacket(header, payload));
  }

  /** The oldest decoded frame from the client not yet mixed, or undefined when none arrived. */
  take(): Float32Array | undefined {
    return this.received.shift();
  }

  private onPacket(payload: Buffer): void {
    if (this.closed) return;
    this.packetsReceived++;
    let frame: Float32Array;
    try {
      frame = fromPcm16(this.decoder.decode(payload), 1);
    } catch {
      return; // a packet Opus cannot decode counts as lost
    }
    this.received.push(frame);
    this.onDecodedFrame?.(frame);
    while (this.received.length > MAX_QUEUED_FRAMES) this.received.shift();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.encoder.delete();
    this.decoder.delete();
    await this.pc.close();
  }
}
