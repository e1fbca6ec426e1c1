// The candidhealth releases the registry carries from 1.23.1 (the first under Apache-2.0) up, with
// their published integrity and what Candid's SDK contains in each, counted independently of the
// converter (see sdk-inventory.ts).

/** One published version of `candidhealth`: the registry's integrity and its client methods. */
export interface CandidRelease {
  version: string;
  integrity: string;
  /** Client methods in api/resources/**\/client/Client.js. */
  methods: number;
}

/** Every release from 1.23.1 up, oldest first. */
export const CANDID_RELEASES: readonly CandidRelease[] = [
  {
    version: "1.23.1",
    integrity:
      "sha512-bOZuH0aq9O2N5c9zr56VM4u1tF9ldu31/y58LNYRuvOaV50k93RZXZt1ZpQgiHtYxjUtx+P9/y2Z7aFHOalHUw==",
    methods: 238,
  },
  {
    version: "1.30.0",
    integrity:
      "sha512-raKWw9rzOgCUrCtAdy7Ve8xf/5ExmdmRkSA9/CQePrXHCiXBitc5iark4mJ3wwOcJXRYyUqWOBg4/TEXf8wKhQ==",
    methods: 252,
  },
  {
    version: "1.32.0",
    integrity:
      "sha512-qBHqcbOuZxzQ6b2D4m6QnJ/G/RBkF6YYghxfJmwl3OHttvJu/oh6i3TNq4Awv5om5Ui5AUpKqNFADI7z7+H5sg==",
    methods: 261,
  },
  {
    version: "1.33.0",
    integrity:
      "sha512-UrwD2vBwo8wFBRp1ElNOajy1FUoXOgzZ/lraBaP1pymWbVPCCVlKyljGoz140CeReLTpHxIxRXmLVmhv0WQpaA==",
    methods: 268,
  },
];
