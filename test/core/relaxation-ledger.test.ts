import { RelaxationLedger } from '../../src/core/relaxation-ledger';

describe('RelaxationLedger: the one used/unused accounting of waivers and acknowledgements', () => {
  const items = [{ key: 'a', n: 1 }, { key: 'b', n: 2 }, { key: 'p', n: 3 }, { key: 'p', n: 4 }];
  const duplicate = (item: { key: string }): never => {
    throw new Error(`${item.key} twice`);
  };

  test('marks what is taken used; the rest is unused, in the order given', () => {
    const ledger = new RelaxationLedger(items, i => i.key, duplicate, k => k === 'p');
    expect(ledger.take('p').map(i => i.n)).toEqual([3, 4]);
    expect(ledger.take('missing')).toEqual([]);
    expect(ledger.usedItems().map(i => i.n)).toEqual([3, 4]);
    expect(ledger.unused().map(i => i.n)).toEqual([1, 2]);
    ledger.take('a');
    ledger.take('a');
    expect(ledger.unused().map(i => i.n)).toEqual([2]);
  });

  test('a key given twice is refused unless it may repeat', () => {
    expect(() => new RelaxationLedger(items, i => i.key, duplicate)).toThrow('p twice');
    expect(() => new RelaxationLedger(items, i => i.key, duplicate, k => k === 'p')).not.toThrow();
  });
});
