import { decodeSpecial, goDuration } from './specialTypes';

describe('the hand-written apimachinery types', () => {
  it("formats a metav1.Duration as Go's time.Duration.String does", () => {
    // Examples from the Go documentation of time.Duration.String and ParseDuration.
    expect(goDuration(0n)).toBe('0s');
    expect(goDuration(1_500_000_000n)).toBe('1.5s');
    expect(goDuration(4_530_918_273_645n)).toBe('1h15m30.918273645s');
    expect(goDuration(90_000_000_000n)).toBe('1m30s');
    expect(goDuration(2_500_000n)).toBe('2.5ms');
    expect(goDuration(-3_600_000_000_000n)).toBe('-1h0m0s');
  });

  it('reads an IntOrString by its type field (intstr generated.proto: type=1, intVal=2, strVal=3)', () => {
    // type=1 (String), strVal="25%"
    const asString = Buffer.from([0x08, 0x01, 0x1a, 0x03, 0x32, 0x35, 0x25]);
    expect(decodeSpecial('intOrString', asString)).toBe('25%');
    // type=0 (Int), intVal=8080
    const asInt = Buffer.from([0x08, 0x00, 0x10, 0x90, 0x3f]);
    expect(decodeSpecial('intOrString', asInt)).toBe(8080);
  });

  it('writes a zero metav1.Time as absent (Go marshals it as null) and others in whole seconds', () => {
    expect(decodeSpecial('time', Buffer.alloc(0))).toBeUndefined();
    // seconds=1700000000 (varint)
    const seconds = Buffer.from([0x08, 0x80, 0xe2, 0xcf, 0xaa, 0x06]);
    expect(decodeSpecial('time', seconds)).toBe('2023-11-14T22:13:20Z');
  });
});
