import { MessageTree, type TreeNode } from './branch';

let clock = 0;
function node(id: string, parentId: string | null, role: string): TreeNode {
  clock += 1000;
  return { id, parentId, role, createdAt: new Date(clock) };
}

describe('MessageTree', () => {
  // u1 → a1 → u2 → a2
  //          ↘ u2b → a2b (edited second question, newer)
  //   ↘ a1b (regenerated first answer, newest)
  const messages = [
    node('u1', null, 'user'),
    node('a1', 'u1', 'assistant'),
    node('u2', 'a1', 'user'),
    node('a2', 'u2', 'assistant'),
    node('u2b', 'a1', 'user'),
    node('a2b', 'u2b', 'assistant'),
    node('a1b', 'u1', 'assistant'),
  ];
  const tree = new MessageTree([...messages].reverse());

  it('walks a branch from the root to a leaf', () => {
    expect(tree.pathTo('a2').map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('lists siblings (same parent and role) oldest first', () => {
    expect(tree.siblingIds(tree.get('a1')!)).toEqual(['a1', 'a1b']);
    expect(tree.siblingIds(tree.get('u2b')!)).toEqual(['u2', 'u2b']);
    expect(tree.siblingIds(tree.get('u1')!)).toEqual(['u1']);
  });

  it('follows the newest children down to a leaf', () => {
    expect(tree.newestLeafFrom('a1')).toBe('a2b');
    expect(tree.newestLeafFrom('u2')).toBe('a2');
    expect(tree.newestLeaf()).toBe('a1b');
  });

  it('has no leaf when empty', () => {
    expect(new MessageTree([]).newestLeaf()).toBeNull();
  });
});
