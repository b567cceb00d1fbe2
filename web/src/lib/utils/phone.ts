// Phone numbers as pages show them.

/** A phone number on a receipt: the country code and the last three digits, the rest hidden ("+254 7•• ••• 678"). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (!/^254\d{9}$/.test(digits)) return digits.length > 3 ? `${'•'.repeat(digits.length - 3)}${digits.slice(-3)}` : '•••';
  return `+254 ${digits[3]}•• ••• ${digits.slice(-3)}`;
}
