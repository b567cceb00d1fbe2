import { describe, expect, it } from 'vitest';
import { maskPhone } from './phone';

describe('maskPhone', () => {
  it('keeps the country code, the network digit and the last three digits of a Kenyan number', () => {
    expect(maskPhone('254712345678')).toBe('+254 7•• ••• 678');
    expect(maskPhone('254112345678')).toBe('+254 1•• ••• 678');
  });
  it('never shows the middle digits', () => {
    expect(maskPhone('254712345678')).not.toMatch(/2345/);
  });
  it('hides all but the last three digits of anything else', () => {
    expect(maskPhone('0712')).toBe('•712');
    expect(maskPhone('12')).toBe('•••');
  });
});
