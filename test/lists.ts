/**
 * Items a test expects a list to have. With `noUncheckedIndexedAccess`, `list[0]` may be undefined; these
 * turn a missing item into a failure that says what was missing, instead of a TypeError further on.
 */

/** The item at `index` (negative counts from the end, as `Array.prototype.at`). */
export function itemAt<T>(list: readonly T[], index: number, what = 'item'): T {
  const item = list.at(index);
  if (item === undefined)
    throw new Error(`expected a ${what} at index ${index}, but there are ${list.length}`);
  return item;
}

/** The one item of a list that should hold exactly one. */
export function only<T>(list: readonly T[], what = 'item'): T {
  if (list.length !== 1) throw new Error(`expected exactly one ${what}, but there are ${list.length}`);
  return itemAt(list, 0, what);
}
