import type { TriggerContext, TriggerMachine } from "./trigger_machine";

interface RepeatState {
  current: unknown;
}

/** Repeatedly.forever(sub): fires whenever sub would, restarting sub after each of its completions; never finishes. */
export function repeatedly(sub: TriggerMachine<unknown>): TriggerMachine<RepeatState> {
  return {
    newState: () => ({ current: sub.newState() }),
    onElement: (state, context) => sub.onElement(state.current, context),
    shouldFire: (state, context) => sub.shouldFire(state.current, context),
    onFire(state, context) {
      sub.onFire(state.current, context);
      if (sub.isFinished(state.current)) state.current = sub.newState();
    },
    isFinished: () => false,
  };
}

interface ChildrenState {
  children: unknown[];
  finished: boolean;
}

/** AfterFirst / AfterAll: fire once when any / every subtrigger is ready (an already finished one counts as ready for AfterAll). */
function afterSubtriggers(subs: TriggerMachine<unknown>[], needsAll: boolean): TriggerMachine<ChildrenState> {
  const ready = (state: ChildrenState, i: number, context: TriggerContext) =>
    subs[i].shouldFire(state.children[i], context);
  return {
    newState: () => ({ children: subs.map((sub) => sub.newState()), finished: false }),
    onElement(state, context) {
      subs.forEach((sub, i) => {
        if (!sub.isFinished(state.children[i])) sub.onElement(state.children[i], context);
      });
    },
    shouldFire(state, context) {
      const readiness = subs.map(
        (sub, i) => ready(state, i, context) || (needsAll && sub.isFinished(state.children[i])),
      );
      return needsAll ? readiness.every(Boolean) : readiness.some(Boolean);
    },
    onFire(state, context) {
      subs.forEach((sub, i) => {
        if (ready(state, i, context)) sub.onFire(state.children[i], context);
      });
      state.finished = true;
    },
    isFinished: (state) => state.finished,
  };
}

export const afterAny = (subs: TriggerMachine<unknown>[]) => afterSubtriggers(subs, false);
export const afterAll = (subs: TriggerMachine<unknown>[]) => afterSubtriggers(subs, true);

interface SequenceState {
  position: number;
  current: unknown;
}

/** AfterEach.inOrder(subs): each subtrigger in turn, moving on when it finishes; finished after the last. */
export function afterEach(subs: TriggerMachine<unknown>[]): TriggerMachine<SequenceState> {
  return {
    newState: () => ({ position: 0, current: subs[0]?.newState() }),
    onElement(state, context) {
      if (state.position < subs.length) subs[state.position].onElement(state.current, context);
    },
    shouldFire: (state, context) =>
      state.position < subs.length && subs[state.position].shouldFire(state.current, context),
    onFire(state, context) {
      const sub = subs[state.position];
      sub.onFire(state.current, context);
      if (sub.isFinished(state.current)) {
        state.position += 1;
        state.current = subs[state.position]?.newState();
      }
    },
    isFinished: (state) => state.position >= subs.length,
  };
}
