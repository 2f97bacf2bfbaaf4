/** The two parties that must agree before a case counts as resolved. */
export type Side = 'customer' | 'vendor';
export const SIDES: readonly Side[] = ['customer', 'vendor'];

export function otherSide(side: Side): Side {
  switch (side) {
    case 'customer':
      return 'vendor';
    case 'vendor':
      return 'customer';
    default: {
      const _exhaustive: never = side;
      return _exhaustive;
    }
  }
}
