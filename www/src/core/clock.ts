// The playback clock: virtual time moving at `speed` / `pace` virtual ms per real ms (the
// pace is a protocol's: real ms per virtual ms at speed 1) while it plays and something is
// due, one animation frame at a time. When it reaches the next event's time it asks for a run
// to it (one at a time); the controller owns what that means.

import { nearestSpeed, REAL_MS_PER_VIRTUAL_MS } from './api';

/** The animation frames a clock runs on; default requestAnimationFrame and performance.now. */
export interface Frames {
  request(f: (t: number) => void): number;
  cancel(id: number): void;
  now(): number;
}

export interface ClockHost {
  frames?: Frames;
  playing: boolean;
  speed: number;
  /** Real ms per virtual ms at speed 1 (default REAL_MS_PER_VIRTUAL_MS, Basic Paxos's). */
  pace?: number;
  /** The next event's virtual time; null when nothing is due (or the clock must stand). */
  due(): number | null;
  /** Runs the simulator to `time`; the clock asks for no other run until it settles. */
  runTo(time: number): Promise<unknown>;
  /** The clock moved (`frame`: on an animation frame) or started or stopped. */
  told(frame: boolean): void;
}

export function createClock(o: ClockHost) {
  const frames = o.frames ?? {
    request: (f: (t: number) => void) => requestAnimationFrame(f),
    cancel: (id: number) => cancelAnimationFrame(id),
    now: () => performance.now(),
  };
  let vt = 0; // virtual ms (fractional)
  let playing = o.playing;
  let speed = nearestSpeed(o.speed);
  let running = false; // a run the clock asked for is under way
  let raf = 0;
  let last = 0;
  let stopped = false;
  const pace = o.pace ?? REAL_MS_PER_VIRTUAL_MS;

  const moving = () => playing && !stopped && o.due() !== null;

  /** Starts the frames if the clock has anything to do. */
  function wake(): void {
    if (raf || !moving()) return;
    last = frames.now();
    raf = frames.request(frame);
  }

  function frame(t: number): void {
    raf = 0;
    if (!moving()) return o.told(false);
    vt += (Math.min(Math.max(t - last, 0), 100) * speed) / pace;
    last = t;
    if (!running && Math.floor(vt) >= o.due()!) {
      running = true;
      void o
        .runTo(Math.floor(vt))
        .catch(() => {})
        .finally(() => (running = false));
    }
    o.told(true);
    raf = frames.request(frame);
  }

  return {
    wake,
    get vt() {
      return vt;
    },
    /** Sets virtual time (a jump, a load, another moment); the views are told. */
    set(now: number): void {
      vt = now;
      o.told(false);
    },
    /** Sets it without telling (inside an update, whose views are told). */
    set vt(now: number) {
      vt = now;
    },
    get playing() {
      return playing;
    },
    play(): void {
      playing = true;
      o.told(false);
      wake();
    },
    pause(): void {
      playing = false;
      o.told(false);
    },
    get speed() {
      return speed;
    },
    /** The offered speed nearest `x`, which it now runs at. */
    setSpeed: (x: number) => (speed = nearestSpeed(x)),
    stop(): void {
      stopped = true;
      if (raf) frames.cancel(raf);
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
