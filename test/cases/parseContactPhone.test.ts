import { describe, expect, it } from "vitest";
import { maskPhone, parseContactPhone } from "../../bot/cases/parseContactPhone.js";

describe("a call-back number", () => {
  it.each([
    ["06 12 34 56 78", "FR", "+33612345678", "FR"],
    ["+33 6 12 34 56 78", "MA", "+33612345678", "FR"],
    ["0033612345678", "FR", "+33612345678", "FR"],
    ["01.42.34.56.78", "FR", "+33142345678", "FR"],
    ["06 61 23 45 67", "MA", "+212661234567", "MA"],
    ["+212 6 61 23 45 67", "FR", "+212661234567", "MA"],
    ["05 22 12 34 56", "MA", "+212522123456", "MA"],
  ] as const)("reads %s (deployment %s) as %s", (input, deployment, e164, country) => {
    expect(parseContactPhone(input, deployment)).toEqual({ ok: true, e164, country });
  });

  it.each(["12", "06 12", "hello", "+33 1", "06 12 34 56 78 90 12"])("refuses %s as not a valid number", (input) => {
    expect(parseContactPhone(input, "FR")).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a valid number of another country (a call back goes to France or Morocco)", () => {
    expect(parseContactPhone("+44 20 7946 0958", "FR")).toEqual({ ok: false, reason: "country" });
  });

  it("refuses an input longer than 32 characters before reading it", () => {
    expect(parseContactPhone("0".repeat(33), "FR")).toEqual({ ok: false, reason: "too_long" });
  });

  it("shows the patient only the last two digits", () => {
    expect(maskPhone("+33612345678")).toBe("••• 78");
  });
});
