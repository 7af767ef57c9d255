import { describe, expect, it } from "vitest";
import {
  cardIssuerPlausible,
  deaValid,
  ibanValid,
  ipv4Valid,
  ipv6Valid,
  luhnValid,
  mbiValid,
  npiValid,
  ssnValid,
  vinValid,
} from "./checksums";

describe("checksums", () => {
  it("luhnValid accepts test card numbers and rejects a changed digit", () => {
    expect(luhnValid("4111 1111 1111 1111")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });

  it("cardIssuerPlausible matches network prefixes and lengths", () => {
    expect(cardIssuerPlausible("4111111111111111")).toBe(true);
    expect(cardIssuerPlausible("378282246310005")).toBe(true);
    expect(cardIssuerPlausible("9111111111111111")).toBe(false);
  });

  it("npiValid uses Luhn over the 80840 prefix", () => {
    expect(npiValid("1234567893")).toBe(true);
    expect(npiValid("1234567890")).toBe(false);
    expect(npiValid("3234567893")).toBe(false);
  });

  it("deaValid checks registrant letters and the check digit", () => {
    expect(deaValid("AB1234563")).toBe(true);
    expect(deaValid("AB1234564")).toBe(false);
    expect(deaValid("IB1234563")).toBe(false);
  });

  it("vinValid checks the position-9 check digit", () => {
    expect(vinValid("1HGCM82633A004352")).toBe(true);
    expect(vinValid("1HGCM82643A004352")).toBe(false);
    expect(vinValid("1HGCM82633A00435")).toBe(false);
  });

  it("ssnValid rejects area 000, 666 and 9xx, group 00 and serial 0000", () => {
    expect(ssnValid("123-45-6789")).toBe(true);
    for (const bad of ["000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"]) {
      expect(ssnValid(bad), bad).toBe(false);
    }
  });

  it("ipv4Valid and ipv6Valid follow address syntax", () => {
    expect(ipv4Valid("192.168.1.10")).toBe(true);
    expect(ipv4Valid("256.1.1.1")).toBe(false);
    expect(ipv4Valid("01.2.3.4")).toBe(false);
    expect(ipv6Valid("2001:db8::1")).toBe(true);
    expect(ipv6Valid("::ffff:192.0.2.1")).toBe(true);
    expect(ipv6Valid("2001:0db8:0000:0000:0000:ff00:0042:8329")).toBe(true);
    expect(ipv6Valid("2001:db8::1::2")).toBe(false);
    expect(ipv6Valid("10:30:00")).toBe(false);
  });

  it("mbiValid enforces the MBI character classes", () => {
    expect(mbiValid("1EG4-TE5-MK73")).toBe(true);
    expect(mbiValid("1EG4TE5MK73")).toBe(true);
    expect(mbiValid("1SG4-TE5-MK73")).toBe(false);
    expect(mbiValid("0EG4-TE5-MK73")).toBe(false);
  });

  it("ibanValid checks mod 97", () => {
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(ibanValid("GB82 WEST 1234 5698 7654 33")).toBe(false);
  });
});
