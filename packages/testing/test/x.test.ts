import { placeholder } from '../src'; test('x', () => { expect(placeholder).toBe(1); });
