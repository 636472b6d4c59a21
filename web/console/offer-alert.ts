/**
 * Tells the agent an offer arrived even when the console is not in view: a desktop notification
 * (when the agent allowed them; permission is asked once, from the sign-in click, as browsers
 * require a user gesture) and a short two-tone sound made with Web Audio (no sound file).
 * Rules: never throws (notifications and audio are best effort); one notification per offer
 * (tagged with the offer id, so a repeat replaces it).
 */
import type { Offer } from './console-model.js';
import { visitorName } from './console-model.js';
import { say } from './strings.js';

let audio: AudioContext | undefined;

/** Asks for notification permission (call from a click). */
export function askNotificationPermission(): void {
  try {
    if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
    audio ??= new AudioContext();
  } catch {
    // not supported: the console still shows offers
  }
}

function beep(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const t = ctx.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, t + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, t + i * 0.18 + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + i * 0.18);
      osc.stop(t + i * 0.18 + 0.17);
    }
  } catch {
    // no audio: the notification and the page remain
  }
}

export function alertOffer(offer: Offer): void {
  beep();
  try {
    if ('Notification' in window && Notification.permission === 'granted') {
      const n = new Notification(say('notificationTitle', { w: offer.workgroup }), {
        body: `${visitorName(offer.metadata, offer.userId)}: ${offer.metadata.question ?? ''}`,
        tag: `ofgate-offer-${offer.id}`,
      });
      n.onclick = () => window.focus();
    }
  } catch {
    // notifications refused or unsupported
  }
}
