/**
 * A new message while the tab is hidden: a short tone (Web Audio, no file to fetch) and a
 * notice in the page title, restored when the visitor comes back. Rules: nothing happens while
 * the tab is visible; the host's own title is kept and put back exactly; a browser that refuses
 * audio (no gesture yet) just stays silent.
 */

export interface HiddenTabNotice {
  notify(text: string): void;
  dispose(): void;
}

export function hiddenTabNotice(): HiddenTabNotice {
  let savedTitle: string | undefined;
  let audio: AudioContext | undefined;
  const restore = (): void => {
    if (!document.hidden && savedTitle !== undefined) {
      document.title = savedTitle;
      savedTitle = undefined;
    }
  };
  document.addEventListener('visibilitychange', restore);

  function tone(): void {
    try {
      const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctx) return;
      audio ??= new Ctx();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.25);
    } catch {
      // no audio: the title notice still tells
    }
  }

  return {
    notify(text) {
      if (!document.hidden) return;
      if (savedTitle === undefined) savedTitle = document.title;
      document.title = `${text} – ${savedTitle}`;
      tone();
    },
    dispose() {
      document.removeEventListener('visibilitychange', restore);
      restore();
      void audio?.close();
    },
  };
}
