import {
  type KeyWindowState,
  WindowedAggregation,
} from "../../../runners/direct/aggregation/windowed_aggregation";

/**
 * The reference a bundle end's selection of states is checked against: the
 * same aggregation visiting every live state at every bundle end, as it did
 * before states were indexed by window end. Same firing rules, so any
 * difference in panes comes from a state the selection left out.
 */
export class EveryStateAggregation<K, W, V, Out> extends WindowedAggregation<K, W, V, Out> {
  protected statesToVisit(): Set<KeyWindowState<K, W, V, Out>> {
    return this.allStates();
  }
}
