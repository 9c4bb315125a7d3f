"""Pure domain rules of Karier ASN (NIP, ranks, JPM, JP, retirement, 9-box, text formatting)."""
