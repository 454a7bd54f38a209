import { Placeholder } from '../src';

test('placeholder says hello', () => {
  expect(new Placeholder().hello()).toBe('hello');
});
