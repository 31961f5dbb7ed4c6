//! Writes the benchmark's CSV as an Excel workbook, the way Excel keeps it:
//! typed date cells, number cells, text cells.
//! `cargo run --release --example bench-xlsx -- DATA.csv OUT.xlsx`
//! (a sheet holds at most 1,048,576 rows: the CSV must have fewer).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let args: Vec<String> = std::env::args().collect();
    let (csv_path, out) = match (args.get(1), args.get(2)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            eprintln!("usage: bench-xlsx DATA.csv OUT.xlsx");
            std::process::exit(2);
        }
    };
    let mut rdr =
        csv::Reader::from_path(csv_path).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let headers = rdr
        .headers()
        .map_err(|e| XlsxError::ParameterError(e.to_string()))?
        .clone();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, h)?;
    }
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        let row = r as u32 + 1;
        for (c, cell) in rec.iter().enumerate() {
            let col = c as u16;
            if c == 0 {
                let d = ExcelDateTime::parse_from_str(cell)?;
                ws.write_datetime_with_format(row, col, &d, &day)?;
            } else if c <= 2 {
                ws.write_string(row, col, cell)?;
            } else {
                let v: f64 = cell
                    .parse()
                    .map_err(|_| XlsxError::ParameterError(cell.into()))?;
                ws.write_number(row, col, v)?;
            }
        }
    }
    wb.save(out)?;
    Ok(())
}
