"""Reading: the register contract and the reader that checks a workbook against it, every finding as a record."""
