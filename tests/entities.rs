//! Entity extraction: phones, contacts, URLs, e-mails and money, per extractor and language, with
//! exact normalized values and spans; numbers that are not phones or pay; entity signals as rule
//! hits; recruiter fingerprints. All numbers, handles and addresses are made-up examples.

use std::sync::OnceLock;

use lurescan::{
    extract_entities, shared_contacts, Band, Detector, Entities, Money, Period, Platform,
};

use crate::common::{assert_entity_spans, builtin, fixture};

fn entities(text: &str) -> Entities {
    let e = extract_entities(text);
    assert_entity_spans(text, &e);
    e
}

/// Asserts that `text` holds one amount, read as pay of `amount` per `period`.
fn one_pay_amount(text: &str, amount: f64, period: Period) {
    let m = one_amount(text);
    assert_eq!(
        (m.amount, m.period, m.salary),
        (amount, Some(period), true),
        "{text}"
    );
}

/// Asserts that `text` holds one amount, and that it is not read as pay.
fn one_amount_not_pay(text: &str) {
    let m = one_amount(text);
    assert!(!m.salary, "{text}: {m:?}");
}

/// Asserts that no amount in `text` is read as pay.
fn not_pay(text: &str) {
    let e = entities(text);
    assert!(e.money.iter().all(|m| !m.salary), "{text}: {:?}", e.money);
}

/// `name: text => (matched, e164, country, obfuscated)`, the only phone of the text.
macro_rules! phones {
    ($($name:ident: $text:expr => ($matched:expr, $e164:expr, $country:expr, $obf:expr);)*) => {$(
        #[test]
        fn $name() {
            let e = entities($text);
            assert_eq!(e.phones.len(), 1, "{:?}", e.phones);
            let p = &e.phones[0];
            assert_eq!(p.matched, $matched);
            assert_eq!(p.e164.as_deref(), $e164);
            assert_eq!(p.country.as_deref(), $country);
            assert_eq!(p.obfuscated, $obf);
        }
    )*};
}

phones! {
    phone_kh_international: "Customer service, contact +855 12 345 678 now" => ("+855 12 345 678", Some("+85512345678"), Some("KH"), false);
    phone_kh_double_zero: "Tel 00855 12 345 678" => ("00855 12 345 678", Some("+85512345678"), Some("KH"), false);
    phone_la: "Call +856 20 5512 3456" => ("+856 20 5512 3456", Some("+8562055123456"), Some("LA"), false);
    phone_mm: "Call +95 9 123 456 789" => ("+95 9 123 456 789", Some("+959123456789"), Some("MM"), false);
    phone_th_international: "Call +66 81 234 5678" => ("+66 81 234 5678", Some("+66812345678"), Some("TH"), false);
    phone_id_bracket: "Tel: (+62) 812-3456-7890" => ("(+62) 812-3456-7890", Some("+6281234567890"), Some("ID"), false);
    phone_th_landline_after_a_phone_word: "สอบถามโทร 02-657-1111" => ("02-657-1111", Some("+6626571111"), Some("TH"), false);
    phone_id_landline_after_a_phone_word: "Info kantor pusat, hubungi 021-2386-7047" => ("021-2386-7047", Some("+622123867047"), Some("ID"), false);
    phone_vn_national_without_marks: "Tuyen dung, luong cao, lien he 0978 123 456" => ("0978 123 456", Some("+84978123456"), Some("VN"), false);
    phone_vn_trunk_zero: "Gọi +84 (0) 912 345 678" => ("+84 (0) 912 345 678", Some("+84912345678"), Some("VN"), false);
    phone_vn_police_hotline: "Gọi đường dây nóng số điện thoại 0692 348 560 của Công an" => ("0692 348 560", Some("+84692348560"), Some("VN"), false);
    phone_vn_then_a_price_in_brackets: "Gọi tổng đài 0912 345 678 (0đ/phút)" => ("0912 345 678", Some("+84912345678"), Some("VN"), false);
    phone_ph_international: "Text +63 917 123 4567" => ("+63 917 123 4567", Some("+639171234567"), Some("PH"), false);
    phone_my_international: "Call +60 12-345 6789" => ("+60 12-345 6789", Some("+60123456789"), Some("MY"), false);
    phone_cn_international: "电话 +86 138 1234 5678" => ("+86 138 1234 5678", Some("+8613812345678"), Some("CN"), false);
    phone_sg: "Call +65 8123 4567" => ("+65 8123 4567", Some("+6581234567"), Some("SG"), false);
    phone_ae: "Call +971 50 123 4567" => ("+971 50 123 4567", Some("+971501234567"), Some("AE"), false);
    phone_id_national: "Hubungi WA 0812-3456-7890" => ("0812-3456-7890", Some("+6281234567890"), Some("ID"), false);
    phone_vn_national: "Liên hệ zalo 0912 345 678" => ("0912 345 678", Some("+84912345678"), Some("VN"), false);
    phone_th_national: "โทร 081-234-5678" => ("081-234-5678", Some("+66812345678"), Some("TH"), false);
    phone_ph_national: "Text 0917 123 4567" => ("0917 123 4567", Some("+639171234567"), Some("PH"), false);
    phone_my_national: "Hubungi 012-345 6789 sekarang" => ("012-345 6789", Some("+60123456789"), Some("MY"), false);
    phone_cn_national: "手机 138 1234 5678" => ("138 1234 5678", Some("+8613812345678"), Some("CN"), false);
    phone_cn_after_a_phone_word: "Call 138-1234-5678" => ("138-1234-5678", Some("+8613812345678"), Some("CN"), false);
    phone_ambiguous_national_has_no_country: "Call 0812345678" => ("0812345678", None, None, false);
    phone_spaced_digits: "Call 0 8 1 2 - 3 4 5 6 - 7 8 9 0" => ("0 8 1 2 - 3 4 5 6 - 7 8 9 0", Some("+6281234567890"), Some("ID"), true);
    phone_english_words: "call zero eight one two three four five six seven eight nine" => ("zero eight one two three four five six seven eight nine", Some("+628123456789"), Some("ID"), true);
    phone_indonesian_words: "hubungi nol delapan satu dua tiga empat lima enam tujuh delapan sembilan" => ("nol delapan satu dua tiga empat lima enam tujuh delapan sembilan", Some("+628123456789"), Some("ID"), true);
    phone_vietnamese_words: "gọi không chín một hai ba bốn năm sáu bảy tám" => ("không chín một hai ba bốn năm sáu bảy tám", Some("+84912345678"), Some("VN"), true);
    phone_vietnamese_words_without_marks: "lien he: khong chin mot hai ba bon nam sau bay tam, tieng viet" => ("khong chin mot hai ba bon nam sau bay tam", Some("+84912345678"), Some("VN"), true);
    phone_thai_words: "โทร ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด" => ("ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด", Some("+66812345678"), Some("TH"), true);
    phone_chinese_words: "手机：幺三八幺二三四五六七八" => ("幺三八幺二三四五六七八", Some("+8613812345678"), Some("CN"), true);
    phone_mixed_words_and_digits: "WA 08 one two 3456 seven 890" => ("08 one two 3456 seven 890", Some("+6281234567890"), Some("ID"), true);
    phone_keycap_emoji: "WA 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣" => ("0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣", Some("+628123456789"), Some("ID"), true);
    phone_circled_digits: "WA ⓪⑧①②③④⑤⑥⑦⑧⑨" => ("⓪⑧①②③④⑤⑥⑦⑧⑨", Some("+628123456789"), Some("ID"), true);
    phone_thai_digits: "โทร ๐๘๑-๒๓๔-๕๖๗๘" => ("๐๘๑-๒๓๔-๕๖๗๘", Some("+66812345678"), Some("TH"), true);
    phone_fullwidth_digits: "Call ＋８５５ １２ ３４５ ６７８" => ("＋８５５ １２ ３４５ ６７８", Some("+85512345678"), Some("KH"), true);
}

#[test]
fn an_international_number_settles_the_country_of_a_national_one() {
    // `0912 345 678` fits Viet Nam and Thailand; the `+84` number of the same post decides.
    let e = entities("Hotline +84 912 000 111, WA 0912 345 678");
    let got: Vec<Option<&str>> = e.phones.iter().map(|p| p.e164.as_deref()).collect();
    assert_eq!(got, [Some("+84912000111"), Some("+84912345678")]);
    let wa: Vec<&str> = e.contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(wa, ["+84912345678"]);
    // Alone, it stays unsettled.
    let e = entities("WA 0912 345 678");
    assert_eq!(e.phones[0].e164, None);
}

#[test]
fn a_toll_free_number_is_not_a_chinese_mobile() {
    let e = entities("For enquiries call 1800-4822800 today");
    assert!(
        e.phones.iter().all(|p| p.country.as_deref() != Some("CN")),
        "{:?}",
        e.phones
    );
}

#[test]
fn two_phones_in_a_row_are_two() {
    let e = entities("WA 0812-3456-7890 0813 2222 3333");
    let got: Vec<_> = e
        .phones
        .iter()
        .map(|p| p.e164.as_deref().unwrap())
        .collect();
    assert_eq!(got, ["+6281234567890", "+6281322223333"]);
}

/// Numbers that are not phones.
macro_rules! no_phones {
    ($($name:ident: $text:expr;)*) => {$(
        #[test]
        fn $name() {
            let e = entities($text);
            assert!(e.phones.is_empty(), "{:?}", e.phones);
        }
    )*};
}

no_phones! {
    not_phone_dates: "Meeting on 2024-05-01, 01/05/2024 and 01.05.2024 10.30, 2024.05.01";
    not_phone_years: "From 2019 to 2024: 2023 2024 2025 were good years";
    not_phone_order_numbers: "Order #0812345678, order no. 0812345678, invoice 0912345678, mã đơn hàng: 0912345678, 订单号 13812345678";
    not_phone_serial_numbers: "Paket aktif, SN: 100011398478, serial 0812345678901";
    not_phone_prices: "Rp 1.500.000.000, harga 12.500.000, $ 1234567890, ₫ 0912345678";
    not_phone_versions: "v1.2.3.4, version 10.0.19045.2965, build 0812345678a";
    not_phone_account_numbers: "rekening 0812345678, account 0912345678";
    not_phone_short_numbers: "Room 1203, 3 4 5 6 people, zero one two";
    not_phone_bare_calling_code_without_context: "ref code 85512345678 batch";
    not_phone_isbn: "ISBN 978-0-306-40615-7, ISBN-10: 0-306-40615-2";
    not_phone_decimal_fractions: "Prices today: 0.12 0.34 0.56 0.78 USDT; odds 0.5 0.25 0.125";
}

/// `name: text => (platform, id, matched)`, every contact of the text in order.
macro_rules! contacts {
    ($($name:ident: $text:expr => [$(($platform:expr, $id:expr, $matched:expr)),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let e = entities($text);
            let got: Vec<(Platform, &str, &str)> = e
                .contacts
                .iter()
                .map(|c| (c.platform, c.id.as_str(), c.matched.as_str()))
                .collect();
            assert_eq!(got, vec![$(($platform, $id, $matched)),*]);
        }
    )*};
}

contacts! {
    contact_telegram_handle: "Hubungi Telegram @Example_HR" => [(Platform::Telegram, "example_hr", "@Example_HR")];
    contact_bare_handle_is_telegram: "DM @example_hr for details" => [(Platform::Telegram, "example_hr", "@example_hr")];
    contact_telegram_link: "Join https://t.me/Example_HR today" => [(Platform::Telegram, "example_hr", "https://t.me/Example_HR")];
    contact_telegram_invite_keeps_case: "t.me/joinchat/AbCdEfG123" => [(Platform::Telegram, "joinchat/AbCdEfG123", "t.me/joinchat/AbCdEfG123")];
    contact_telegram_obfuscated_link: "Apply t . me/example_hr" => [(Platform::Telegram, "example_hr", "t . me/example_hr")];
    contact_whatsapp_link: "Klik wa.me/6281234567890 ya" => [(Platform::Whatsapp, "+6281234567890", "wa.me/6281234567890")];
    contact_whatsapp_obfuscated_link: "wa[.]me/6281234567890" => [(Platform::Whatsapp, "+6281234567890", "wa[.]me/6281234567890")];
    contact_whatsapp_group: "Join chat.whatsapp.com/AbCdEf12345" => [(Platform::Whatsapp, "group/AbCdEf12345", "chat.whatsapp.com/AbCdEf12345")];
    contact_whatsapp_number: "Info WA 0812-3456-7890" => [(Platform::Whatsapp, "+6281234567890", "0812-3456-7890")];
    contact_whatsapp_api_link: "https://api.whatsapp.com/send?phone=6281234567890" => [(Platform::Whatsapp, "+6281234567890", "https://api.whatsapp.com/send?phone=6281234567890")];
    contact_line_link: "แอดไลน์ line.me/ti/p/~example_hr" => [(Platform::Line, "example_hr", "line.me/ti/p/~example_hr")];
    contact_line_group_link: "Join line.me/R/ti/g/AbCdEf12" => [(Platform::Line, "group/AbCdEf12", "line.me/R/ti/g/AbCdEf12")];
    contact_line_official_account_link: "line.me/R/home/public/main?id=example_oa" => [(Platform::Line, "example_oa", "line.me/R/home/public/main?id=example_oa")];
    contact_line_pages_are_not_accounts: "See line.me/en/ or share line.me/R/msg/text/?hello" => [];
    contact_telegram_private_channel: "Read t.me/c/1234567890/55" => [(Platform::Telegram, "c/1234567890", "t.me/c/1234567890/55")];
    contact_telegram_service_links_are_not_accounts: "t.me/setlanguage/vi and t.me/addemoji/Example" => [];
    contact_line_id: "LINE ID: example_hr" => [(Platform::Line, "example_hr", "LINE ID: example_hr")];
    contact_line_thai: "ไอดีไลน์ example_hr" => [(Platform::Line, "example_hr", "ไอดีไลน์ example_hr")];
    contact_wechat_chinese: "联系微信：example_hr" => [(Platform::Wechat, "example_hr", "微信：example_hr")];
    contact_wechat_vx: "加vx: example_vx" => [(Platform::Wechat, "example_vx", "vx: example_vx")];
    contact_zalo_number: "Liên hệ Zalo 0912 345 678" => [(Platform::Zalo, "+84912345678", "0912 345 678")];
    contact_zalo_link: "zalo.me/0912345678" => [(Platform::Zalo, "+84912345678", "zalo.me/0912345678")];
    contact_zalo_app_links_are_not_accounts: "Bam de nhan: https://zalo.me/app/link/AbC123, tai zalo.me/pc" => [];
    contact_zalo_official_account: "Quan tam zalo.me/s/1234567890123/" => [(Platform::Zalo, "1234567890123", "zalo.me/s/1234567890123/")];
    contact_signal_number: "Signal: +63 917 123 4567" => [(Platform::Signal, "+639171234567", "+63 917 123 4567")];
    contact_viber_number: "Viber +855 97 123 4567" => [(Platform::Viber, "+855971234567", "+855 97 123 4567")];
    contact_viber_link: "viber://chat?number=%2B855971234567" => [(Platform::Viber, "+855971234567", "viber://chat?number=%2B855971234567")];
    contact_qq: "QQ: 12345678" => [(Platform::Qq, "12345678", "QQ: 12345678")];
    contact_messenger_link: "Earn at home, message us m.me/ExamplePage" => [(Platform::Messenger, "examplepage", "m.me/ExamplePage")];
    contact_messenger_group_keeps_case: "https://m.me/j/AbCdEf12" => [(Platform::Messenger, "j/AbCdEf12", "https://m.me/j/AbCdEf12")];
    contact_messenger_thread: "messenger.com/t/example.page" => [(Platform::Messenger, "example.page", "messenger.com/t/example.page")];
    contact_email_is_not_a_handle: "Email hr@example.com" => [];
    contact_line_in_running_text_is_not_an_id: "Stand in line for the bus, line 3 of the form" => [];
    contact_at_a_place_is_not_a_handle: "Dinner @sentosa tonight, 7 pm @hibiscus" => [];
    contact_bare_handle_after_pm_me: "PM me @recruitasia" => [(Platform::Telegram, "recruitasia", "@recruitasia")];
    contact_bare_handle_with_an_accounts_shape: "Apply now @kerja_luar2" => [(Platform::Telegram, "kerja_luar2", "@kerja_luar2")];
    contact_bare_handle_after_a_word_to_write: "Interested? @recruitasia" => [(Platform::Telegram, "recruitasia", "@recruitasia")];
    contact_bare_handle_in_a_thai_post_is_line: "สนใจติดต่อ @example_hr" => [(Platform::Line, "example_hr", "@example_hr")];
    contact_app_named_as_a_handle_is_not_an_account: "ติดต่อเรา @LINE, contact @Telegram or @L1ne" => [];
    contact_english_line_compounds_are_not_ids: "Business Line: Government Services. Product line: shoes" => [];
    contact_line_after_other_words_is_an_id: "Contact line: example_hr" => [(Platform::Line, "example_hr", "line: example_hr")];
    contact_instagram_handle_is_not_messaging: "Follow us on Instagram @example_shop" => [];
}

#[test]
fn programming_languages_are_not_sites() {
    let e = entities("Skills: VB.NET, ASP.NET MVC and ADO.NET; see www.asp.net for docs");
    let hosts: Vec<&str> = e.urls.iter().map(|u| u.host.as_str()).collect();
    assert_eq!(hosts, ["asp.net"]);
}

#[test]
fn urls_and_emails() {
    let text = "Visit https://bit.ly/AbC123 or www.example.com/jobs, t.me/example_hr; CV to HR@Example.com.";
    let e = entities(text);
    let urls: Vec<(&str, &str, bool, bool)> = e
        .urls
        .iter()
        .map(|u| {
            (
                u.matched.as_str(),
                u.host.as_str(),
                u.shortener,
                u.messaging,
            )
        })
        .collect();
    assert_eq!(
        urls,
        [
            ("https://bit.ly/AbC123", "bit.ly", true, false),
            ("www.example.com/jobs", "example.com", false, false),
            ("t.me/example_hr", "t.me", false, true),
        ]
    );
    let emails: Vec<(&str, &str)> = e
        .emails
        .iter()
        .map(|m| (m.matched.as_str(), m.address.as_str()))
        .collect();
    assert_eq!(emails, [("HR@Example.com", "hr@example.com")]);
}

#[test]
fn bare_domains_and_non_domains() {
    let e = entities("Daftar di s.id/loker-example, e.g. node.js, gaji.identik, Mr.Lee");
    let hosts: Vec<&str> = e.urls.iter().map(|u| u.host.as_str()).collect();
    assert_eq!(hosts, ["s.id"]);
    assert!(e.urls[0].shortener);
    // Sentences run together are not domains; domains in lower case or capitals are.
    let e = entities("Ok leh.My friend said so. U.To see, visit Yes.my or WAY2SMS.COM");
    let hosts: Vec<&str> = e.urls.iter().map(|u| u.host.as_str()).collect();
    assert_eq!(hosts, ["yes.my", "way2sms.com"]);
}

/// `name: text => (matched, amount, amount_max, currency, period, salary, usd_per_month)`, the
/// only amount of the text. `usd_per_month` is compared to the nearest dollar.
macro_rules! money {
    ($($name:ident: $text:expr => ($matched:expr, $amount:expr, $max:expr, $cur:expr, $period:expr, $salary:expr, $usd:expr);)*) => {$(
        #[test]
        fn $name() {
            let e = entities($text);
            assert_eq!(e.money.len(), 1, "{:?}", e.money);
            let m = &e.money[0];
            assert_eq!(m.matched, $matched);
            assert_eq!((m.amount, m.amount_max), ($amount as f64, $max as f64));
            assert_eq!(m.currency.as_deref(), $cur);
            assert_eq!(m.period, $period);
            assert_eq!(m.salary, $salary);
            let usd: Option<f64> = $usd;
            assert_eq!(m.usd_per_month.map(f64::round), usd, "{m:?}");
        }
    )*};
}

const M: Option<Period> = Some(Period::Month);
const D: Option<Period> = Some(Period::Day);

money! {
    money_rp_juta_per_bulan: "Gaji Rp 15 juta/bulan" => ("Rp 15 juta/bulan", 15e6, 15e6, Some("IDR"), M, true, Some(926.0));
    money_jt: "gaji 15jt" => ("15jt", 15e6, 15e6, Some("IDR"), None, true, Some(926.0));
    money_rp_thousands_dots: "Gaji Rp 4.500.000 per bulan" => ("Rp 4.500.000 per bulan", 4.5e6, 4.5e6, Some("IDR"), M, true, Some(278.0));
    money_ribu_per_hari: "Gaji 300 ribu per hari" => ("300 ribu per hari", 3e5, 3e5, Some("IDR"), D, true, Some(481.0));
    money_tr: "Lương 15tr" => ("15tr", 15e6, 15e6, Some("VND"), None, true, Some(591.0));
    money_monthly_pay_after_thang: "Lương tháng 15 triệu" => ("15 triệu", 15e6, 15e6, Some("VND"), M, true, Some(591.0));
    money_trieu_range: "Lương 8-10 triệu/tháng" => ("8-10 triệu/tháng", 8e6, 10e6, Some("VND"), M, true, Some(315.0));
    money_k_per_ngay: "Thu nhập 800k/ngày" => ("800k/ngày", 8e5, 8e5, Some("VND"), D, true, Some(819.0));
    money_dong_suffix: "Lương 15.000.000đ mỗi tháng" => ("15.000.000đ mỗi tháng", 15e6, 15e6, Some("VND"), M, true, Some(591.0));
    money_usd_per_month: "Salary $1,500/month" => ("$1,500/month", 1500, 1500, Some("USD"), M, true, Some(1500.0));
    money_usd_code_after: "Salary 1.000 USD" => ("1.000 USD", 1000, 1000, Some("USD"), None, true, Some(1000.0));
    money_usd_range: "Pay $800 - $1,200 per month" => ("$800 - $1,200 per month", 800, 1200, Some("USD"), M, true, Some(800.0));
    money_usd_a_day: "Earn $100 a day" => ("$100 a day", 100, 100, Some("USD"), D, true, Some(2600.0));
    money_usdt: "Salary 3000 USDT" => ("3000 USDT", 3000, 3000, Some("USDT"), None, true, Some(3000.0));
    money_u_slang: "底薪3000u/月" => ("3000u/月", 3000, 3000, Some("USDT"), M, true, Some(3000.0));
    money_yuewan: "月薪3万" => ("3万", 3e4, 3e4, Some("CNY"), M, true, Some(4093.0));
    money_wan_range: "薪资1-2万" => ("1-2万", 1e4, 2e4, Some("CNY"), None, true, Some(1364.0));
    money_rizhe_yuan: "日结500元" => ("500元", 500, 500, Some("CNY"), D, true, Some(1774.0));
    money_baht_symbol: "เงินเดือน ฿30,000" => ("฿30,000", 3e4, 3e4, Some("THB"), M, true, Some(875.0));
    money_k_baht: "รายได้ 30k บาท/เดือน" => ("30k บาท/เดือน", 3e4, 3e4, Some("THB"), M, true, Some(875.0));
    money_baht_per_day_prefix: "วันละ 1,000 บาท" => ("1,000 บาท", 1000, 1000, Some("THB"), D, true, Some(758.0));
    money_rm: "Gaji RM15,000 sebulan" => ("RM15,000 sebulan", 15000, 15000, Some("MYR"), M, true, Some(3348.0));
    money_peso: "Sahod ₱50,000 per month" => ("₱50,000 per month", 50000, 50000, Some("PHP"), M, true, Some(855.0));
    money_decimal_comma: "Gaji Rp 4,5 juta" => ("Rp 4,5 juta", 4.5e6, 4.5e6, Some("IDR"), None, true, Some(278.0));
    money_period_later_in_the_clause: "You can get 5000 pesos by completing simple tasks every day" => ("5000 pesos", 5000, 5000, Some("PHP"), D, true, Some(2222.0));
    money_period_later_tagalog: "Kikita ka ng ₱800 sa pag-like ng videos araw-araw" => ("₱800", 800, 800, Some("PHP"), D, true, Some(356.0));
    money_p_peso_in_a_tagalog_post: "Kumita ng P1,500 hanggang P3,000 kada araw" => ("P1,500 hanggang P3,000 kada araw", 1500, 3000, Some("PHP"), D, true, Some(667.0));
    money_price_is_not_pay: "iPhone 15 Pro giá 30 triệu" => ("30 triệu", 3e7, 3e7, Some("VND"), None, false, None);
    money_price_in_rupiah: "Harga HP Rp 3.500.000" => ("Rp 3.500.000", 3.5e6, 3.5e6, Some("IDR"), None, false, None);
    money_price_in_dollars: "Laptop price $1,200" => ("$1,200", 1200, 1200, Some("USD"), None, false, None);
    // Digits of the post's own script, and currency words and multipliers in it; the monthly
    // salary words (လစာ, ប្រាក់ខែ, ເງິນເດືອນ, เงินเดือน) give the period.
    money_burmese_digits_dollar_first: "လစာ ဒေါ်လာ ၁၀၀၀" => ("ဒေါ်လာ ၁၀၀၀", 1000, 1000, Some("USD"), M, true, Some(1000.0));
    money_burmese_kyat_lakh: "လစာ ကျပ် ၅ သိန်း" => ("ကျပ် ၅ သိန်း", 5e5, 5e5, Some("MMK"), M, true, Some(238.0));
    money_khmer_digits_dollars: "ប្រាក់ខែ ១៥០០ ដុល្លារ" => ("១៥០០ ដុល្លារ", 1500, 1500, Some("USD"), M, true, Some(1500.0));
    money_khmer_riel_million: "ប្រាក់ខែ ៥ លានរៀល" => ("៥ លានរៀល", 5e6, 5e6, Some("KHR"), M, true, Some(1244.0));
    money_lao_digits_dollars: "ເງິນເດືອນ ໑໐໐໐ ໂດລາ" => ("໑໐໐໐ ໂດລາ", 1000, 1000, Some("USD"), M, true, Some(1000.0));
    money_lao_kip_million: "ເງິນເດືອນ 5 ລ້ານກີບ" => ("5 ລ້ານກີບ", 5e6, 5e6, Some("LAK"), M, true, Some(228.0));
    money_thai_digits_baht: "เงินเดือน ๓๐,๐๐๐ บาท" => ("๓๐,๐๐๐ บาท", 30000, 30000, Some("THB"), M, true, Some(875.0));
    money_thai_dollars_per_month: "รายได้ 1,500 ดอลลาร์ ต่อเดือน" => ("1,500 ดอลลาร์ ต่อเดือน", 1500, 1500, Some("USD"), M, true, Some(1500.0));
}

#[test]
fn money_keeps_amounts_apart() {
    let e = entities("Gaji 15 juta, harga HP 3 juta");
    let got: Vec<(f64, bool)> = e.money.iter().map(|m| (m.amount, m.salary)).collect();
    assert_eq!(got, [(15e6, true), (3e6, false)]);
}

/// The one amount of money in `text`.
fn one_amount(text: &str) -> Money {
    let mut money = entities(text).money;
    assert_eq!(money.len(), 1, "{text}: {money:?}");
    money.remove(0)
}

#[test]
fn a_later_period_stays_in_its_clause_and_is_not_working_time() {
    for text in [
        "Salary $2,000, open every day",
        "Salary $2,000 for work every day except Sunday",
        "Gaji Rp 5 juta. Masuk setiap hari",
        "Salary $2,000 for 8 hours every day",
    ] {
        assert_eq!(one_amount(text).period, None, "{text}");
    }
}

#[test]
fn a_pay_period_of_an_earlier_clause_is_not_the_amounts() {
    // The week is when one rests, not what the 5,000 is paid for.
    let e = entities("每周一至四休息一天，工资5000元");
    assert_eq!(e.money.len(), 1, "{:?}", e.money);
    assert_eq!((e.money[0].amount, e.money[0].period), (5000.0, None));
}

#[test]
fn hours_and_days_of_work_are_not_pay() {
    for (text, amount, period) in [
        ("每天工作8小时，日薪300元", 300.0, Some(Period::Day)),
        (
            "底薪1900元（加班按劳动法，每月上260小时左右）",
            1900.0,
            Some(Period::Month),
        ),
    ] {
        let e = entities(text);
        let got: Vec<(f64, Option<Period>)> =
            e.money.iter().map(|m| (m.amount, m.period)).collect();
        assert_eq!(got, [(amount, period)], "{text}");
    }
}

#[test]
fn a_marked_period_holds_before_the_next_amount() {
    // `/月` then the next line of the calculation: per month, not the day of `每天` before it.
    let e = entities("工资：18块 X 每天10小时 X 30天=5400块/月22块 X 每天10小时");
    let m = e
        .money
        .iter()
        .find(|m| m.amount == 5400.0)
        .expect("5400 found");
    assert_eq!(m.period, Some(Period::Month), "{:?}", e.money);
}

#[test]
fn company_revenue_is_not_pay() {
    let e = entities("2015年实现销售收入7800万元，营业收入2060万元，月收入8000元");
    let pay: Vec<(f64, bool)> = e.money.iter().map(|m| (m.amount, m.salary)).collect();
    assert_eq!(pay, [(7.8e7, false), (2.06e7, false), (8000.0, true)]);
}

#[test]
fn five_figures_in_dollars_pounds_or_euros_without_a_period_are_yearly() {
    for (text, usd) in [
        ("Salary: $44,624 - $53,764 plus benefits", 3719.0),
        ("Salary $1,500, free housing", 1500.0),
        ("Gaji 15 juta", 926.0),
    ] {
        let m = one_amount(text);
        assert_eq!(m.period, None, "{text}");
        assert_eq!(m.usd_per_month.map(f64::round), Some(usd), "{text}");
    }
}

#[test]
fn prices_per_period_are_not_pay() {
    for text in [
        "Cước thuê bao chỉ từ 220.000đ/tháng",
        "Mobile plan price $5 a day",
        "ค่าเช่า 300 บาท/วัน",
        "套餐资费10元/天",
    ] {
        one_amount_not_pay(text);
    }
    // Too little to be anyone's wage: a data plan.
    for text in ["Soạn 1N gửi 191: 10.000đ/ngày", "เริ่มต้นเพียงวันละ 6 บาท"]
    {
        let e = entities(text);
        assert!(
            e.money
                .iter()
                .all(|m| !m.salary && m.usd_per_month.is_none()),
            "{text}: {:?}",
            e.money
        );
    }
    // Pay named after the price word is pay again.
    let e = entities("Không mất phí, giá trị công việc: lương 500k/ngày");
    assert!(e.money[0].salary, "{:?}", e.money);
}

#[test]
fn every_day_marks_a_period_but_is_no_pay_word() {
    // `每天` is "every day": the number after it is an hour, a count or a length unless pay,
    // a currency or a multiplier says it is money (see `no_money!` for the numbers that stay
    // out).
    for (text, amount, period) in [
        ("每天300元", 300.0, Period::Day),
        ("每天工资300", 300.0, Period::Day),
        ("每月收入8000", 8000.0, Period::Month),
    ] {
        one_pay_amount(text, amount, period);
    }
}

#[test]
fn a_pay_day_is_not_pay() {
    let e = entities("每月15号发工资，月薪5000元");
    let got: Vec<f64> = e.money.iter().map(|m| m.amount).collect();
    assert_eq!(got, [5000.0]);
}

#[test]
fn days_discounts_and_prizes_are_not_pay() {
    for text in [
        // A discount, a prize.
        "คูปองส่วนลด 100 บ. ทุกวัน",
        "Discount $5 every day this week",
        "Cơ hội trúng thưởng 50 triệu đồng mỗi tháng",
        "Menangkan hadiah Rp 5 juta setiap hari",
    ] {
        not_pay(text);
    }
    // `วันนี้` is today, not a day.
    let m = one_amount("รับโบนัสเพิ่มสูงสุด 10,000 บาทวันนี้");
    assert_eq!((m.period, m.salary), (None, false));
}

#[test]
fn yearly_income_and_double_dash_ranges() {
    for text in ["年收入10-30万", "年收入48万"] {
        assert_eq!(one_amount(text).period, Some(Period::Year), "{text}");
    }
    for text in ["月薪12000--30000元", "月薪12000——30000元"] {
        let m = one_amount(text);
        assert_eq!((m.amount, m.amount_max), (12000.0, 30000.0), "{text}");
    }
}

#[test]
fn data_plans_priced_by_the_day_are_not_pay() {
    // `บ.` is the baht; `7K/ngày` is in dong by its Vietnamese period word.
    not_pay("แพ็กเกจเริ่มต้นวันละ 6บ. ใช้ได้ทั้งวัน");
    not_pay("Soạn 1N gửi 191: 7K/ngày có 1GB");
    let m = one_amount("งานแพ็คของ ค่าแรง 500บ. ต่อวัน");
    assert_eq!((m.currency.as_deref(), m.salary), (Some("THB"), true));
}

#[test]
fn allowances_are_money_but_not_pay() {
    for text in [
        "夜班补贴10元/天",
        "餐补每天24元",
        "交通补助30元一天",
        "Meal allowance $5 per day",
        "Tunjangan makan Rp 25.000 per hari",
        "Phụ cấp ăn trưa 30.000đ/ngày",
        "เบี้ยเลี้ยง 100 บาท/วัน",
    ] {
        one_amount_not_pay(text);
    }
    // A list of perks, then the pay: the allowance is not the amount's.
    for text in [
        "店员+五险+补助 5000-7000元/月",
        "Transport allowance and bonus. Salary $900/month",
    ] {
        assert!(one_amount(text).salary, "{text}");
    }
    // Pay named after the allowance is pay again.
    let e = entities("餐补20元/天，日薪300元");
    let pay: Vec<(f64, bool)> = e.money.iter().map(|m| (m.amount, m.salary)).collect();
    assert_eq!(pay, [(20.0, false), (300.0, true)]);
}

#[test]
fn an_open_amount_keeps_its_period() {
    // `2000+` is "2,000 or more": the period after the `+` is the amount's.
    for (text, amount, period) in [
        ("รายได้ 2000+ ต่อวัน", 2000.0, Period::Day),
        ("Gaji 5 juta+ per bulan", 5_000_000.0, Period::Month),
        ("Earn $500+/day", 500.0, Period::Day),
    ] {
        one_pay_amount(text, amount, period);
    }
}

#[test]
fn rate_words_still_make_a_bare_number_pay() {
    for (text, amount) in [
        ("Earn 2000 daily", 2000.0),
        ("Gaji 150000 harian", 150000.0),
    ] {
        let m = one_amount(text);
        assert_eq!((m.amount, m.period), (amount, Some(Period::Day)));
    }
}

money! {
    money_renminbi_suffix: "月薪5000人民币" => ("5000人民币", 5000, 5000, Some("CNY"), M, true, Some(682.0));
}

/// Numbers that are not money.
macro_rules! no_money {
    ($($name:ident: $text:expr;)*) => {$(
        #[test]
        fn $name() {
            let e = entities($text);
            assert!(e.money.is_empty(), "{:?}", e.money);
        }
    )*};
}

no_money! {
    not_money_dates_and_years: "Meeting on 2024-05-01 at 10.30, since 2019, 2024年5月1日, năm 2024";
    not_money_counts: "Dicari 10 orang, 5 kali, 3 tháng kinh nghiệm, 15 m, 20 days notice";
    not_money_versions_and_orders: "v1.2.3, order #12345, iPhone 15";
    not_money_phone: "Call +855 12 345 678";
    not_money_p_outside_the_philippines: "See p10 and P300 of the report";
    not_money_notice_in_days: "每个月25日发放上个月工资。离职需提前25天递交辞职报告";
    not_money_time_of_day_after_a_period_word: "面试时间：每天8：30—12点面试";
    not_money_counted_with_a_measure_word: "每天服务客人超过13万人次，每月接待2000家企业";
    // `每天` and `每月` alone state how often, not pay.
    not_money_hour_every_day: "每天上午8点至12点面试";
    not_money_count_every_day: "每天两餐（3菜一汤）";
    // The 13th-month salary, a month's name.
    not_money_month_after_thang: "Lương tháng 13 trả vào tháng 1, luong thang 13";
    not_money_hours_every_day: "每天不低于5计费小时";
    not_money_pay_day: "工资每月10号发放";
    not_money_times_the_wage: "平时加班1.5倍工资";
    // No wage is one digit without a currency or a unit: list numbers.
    not_money_list_number: "底薪+提成+奖金3、包吃包住";
    not_money_one_digit: "月薪4_包吃住";
    not_money_dial_code: "ดูดวงรายวัน กด *471*73# โทรออก";
    not_money_dial_code_latin: "Cek kuota harian: *123# sekarang";
    // Hours are hours, with or without "or more".
    not_money_open_length_of_time: "工资面议，每天工作8+小时";
}

/// The fixture pack of tests/fixtures/entities: signal rules, weak keywords, one composite.
fn signals() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        Detector::builder()
            .without_builtin()
            .pack_path(fixture("entities"))
            .build()
            .expect("entities fixture pack loads")
    })
}

/// The spans (as text) of the hits of `rule`.
fn hits<'a>(text: &'a str, detector: &Detector, rule: &str) -> Vec<&'a str> {
    detector
        .scan(text)
        .hits
        .iter()
        .filter(|h| h.rule == rule)
        .map(|h| {
            assert_eq!(h.language, "any");
            &text[h.span.start..h.span.end]
        })
        .collect()
}

#[test]
fn fixture_examples_pass() {
    let failing: Vec<_> = signals()
        .test_examples()
        .into_iter()
        .filter(|o| !o.passed)
        .collect();
    assert!(failing.is_empty(), "{failing:#?}");
}

#[test]
fn salary_above_norm_uses_the_countries_of_the_post() {
    let d = signals();
    let rule = "pay.salary-above-norm";
    // 2,500 USD against Cambodia's wage.
    assert_eq!(
        hits("Phnom Penh, 2,500 USD/month", d, rule),
        ["2,500 USD/month"]
    );
    // 15 juta (about 926 USD) against Indonesia's wage, but not against Singapore's.
    assert_eq!(hits("Gaji Rp 15 juta/bulan", d, rule), ["Rp 15 juta/bulan"]);
    assert!(hits("Kerja di Singapura, gaji Rp 15 juta/bulan", d, rule).is_empty());
    // Ordinary pay and prices do not count.
    assert!(hits("Gaji Rp 4,5 juta/bulan", d, rule).is_empty());
    assert!(hits("Jual iPhone Rp 15.000.000", d, rule).is_empty());
    // Daily pay counts per month: 800k/ngày is about 819 USD a month.
    assert_eq!(hits("Thu nhập 800k/ngày", d, rule), ["800k/ngày"]);
    // A day rate counts by the top of its range, a monthly salary by its floor.
    assert_eq!(
        hits("รายได้เสริม 500-3000 บาทต่อวัน", d, rule),
        ["500-3000 บาทต่อวัน"]
    );
    assert!(hits("ค่าแรงรายวัน 400-600 บาท", d, rule).is_empty());
    assert!(hits("Gaji Rp 4-20 juta/bulan", d, rule).is_empty());
}

#[test]
fn daily_pay() {
    let d = signals();
    assert_eq!(
        hits("Complete simple tasks and earn $100 a day", d, "pay.daily"),
        ["$100 a day"]
    );
    assert!(hits("Earn $3,000 a month", d, "pay.daily").is_empty());
}

#[test]
fn messaging_only_contact() {
    let d = signals();
    let rule = "contact.messaging-only";
    assert_eq!(
        hits("Apply: Telegram @example_hr or WA 0812-3456-7890", d, rule),
        ["@example_hr", "0812-3456-7890"]
    );
    assert!(hits(
        "Telegram @example_hr, or apply at https://careers.example.com",
        d,
        rule
    )
    .is_empty());
    assert!(hits("Telegram @example_hr, CV to hr@example.com", d, rule).is_empty());
    // A shortened link hides where it leads: still messaging only.
    assert_eq!(
        hits("t.me/example_hr, more at bit.ly/AbC123", d, rule),
        ["t.me/example_hr"]
    );
    // A Messenger link is a chat app's link too.
    assert_eq!(
        hits("Earn at home! Message us at m.me/examplepage", d, rule),
        ["m.me/examplepage"]
    );
}

#[test]
fn hotspot_phone_in_a_foreign_post() {
    let d = signals();
    let rule = "destination.hotspot-phone";
    assert_eq!(
        hits("Info lebih lanjut: +855 12 345 678", d, rule),
        ["+855 12 345 678"]
    );
    assert_eq!(
        hits("Contact 0095 9 123 456 789", d, rule),
        ["0095 9 123 456 789"]
    );
    // Written in Khmer: a Cambodian number is at home.
    assert!(hits("ទំនាក់ទំនង +855 12 345 678", d, rule).is_empty());
    assert!(hits("Info: +62 812 3456 7890", d, rule).is_empty());
}

const NUMERIC_POST: &str =
    "Customer service, Phnom Penh, 2,500 USD/month, no experience, contact +855 12 345 678";

#[test]
fn numeric_signals_alone_reach_high() {
    let r = signals().scan(NUMERIC_POST);
    assert_eq!(
        r.band,
        Band::High,
        "{}",
        r.explain(NUMERIC_POST, |s| format!("[{s}]"))
    );
    // Without the numbers the same words stay low.
    let words = signals().scan("Customer service, Phnom Penh, no experience");
    assert_eq!(words.band, Band::Low);
}

#[test]
fn numeric_post_is_high_with_the_builtin_pack() {
    let r = builtin().scan(NUMERIC_POST);
    assert_eq!(
        r.band,
        Band::High,
        "{}",
        r.explain(NUMERIC_POST, |s| format!("[{s}]"))
    );
}

#[test]
fn pages_on_social_sites_are_keyed_by_the_page_not_the_site() {
    // `host:facebook.com` would link every post that links to Facebook.
    for (text, key) in [
        (
            "Join https://www.facebook.com/groups/123456789/posts/42",
            "url:facebook.com/groups/123456789",
        ),
        (
            "m.facebook.com/ExamplePage?ref=ads",
            "url:facebook.com/examplepage",
        ),
        (
            "facebook.com/ExamplePage#about",
            "url:facebook.com/examplepage",
        ),
        (
            "https://web.facebook.com/profile.php?id=100012345678&mibextid=x",
            "url:facebook.com/profile.php?id=100012345678",
        ),
        (
            "https://www.tiktok.com/@example_hr/video/7123",
            "url:tiktok.com/@example_hr",
        ),
        (
            "instagram.com/example_shop/",
            "url:instagram.com/example_shop",
        ),
        (
            "https://www.youtube.com/@ExampleChannel/videos",
            "url:youtube.com/@examplechannel",
        ),
        (
            "Apply: https://docs.google.com/forms/d/e/1FAIpQLSexample/viewform",
            "url:docs.google.com/forms/d/e/1FAIpQLSexample",
        ),
        (
            "List: docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=0",
            "url:docs.google.com/spreadsheets/d/1AbCdEf",
        ),
        (
            "CV: drive.google.com/file/d/1AbCdEf/view?usp=sharing",
            "url:drive.google.com/file/d/1AbCdEf",
        ),
    ] {
        let keys = entities(text).contact_keys();
        assert_eq!(keys, [key], "{text}");
    }
    // A video, a shared post or the site itself names no one.
    for text in [
        "youtube.com/watch?v=AbC123",
        "https://www.facebook.com/share/p/AbC/",
        "facebook.com",
    ] {
        assert!(entities(text).contact_keys().is_empty(), "{text}");
    }
}

#[test]
fn report_carries_entities_and_contact_keys() {
    let text = "Gaji Rp 15 juta/bulan. WA 0812-3456-7890, Telegram @Example_HR, bit.ly/AbC123, www.example.com, hr@example.com";
    let r = signals().scan(text);
    assert_eq!(
        r.contact_keys,
        [
            "email:hr@example.com",
            "host:example.com",
            "phone:+6281234567890",
            "telegram:example_hr",
            "url:bit.ly/AbC123",
            "whatsapp:+6281234567890",
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let phone = &json["entities"]["phones"][0];
    assert_eq!(phone["e164"], "+6281234567890");
    assert_eq!(phone["country"], "ID");
    assert_eq!(phone["matched"], "0812-3456-7890");
    assert_eq!(
        &text[phone["start"].as_u64().unwrap() as usize..phone["end"].as_u64().unwrap() as usize],
        "0812-3456-7890"
    );
    let money = &json["entities"]["money"][0];
    assert_eq!(money["currency"], "IDR");
    assert_eq!(money["period"], "month");
    assert_eq!(money["amount"], 15e6);
    assert_eq!(json["entities"]["contacts"][0]["platform"], "whatsapp");
    assert_eq!(json["contact_keys"][0], "email:hr@example.com");
}

#[test]
fn shared_contacts_group_flagged_posts() {
    let posts = [
        NUMERIC_POST,
        "Operator, Phnom Penh, 3,000 USD/month, contact +855 12 345 678 or @example_hr",
        "Team lunch on Friday, call +855 12 345 678",
        "Admin, Phnom Penh, 2,000 USD/month, Telegram @Example_HR, +855 12 345 678",
    ];
    let reports = signals().scan_batch(&posts);
    assert!(reports[2].band < Band::Review);
    let shared = shared_contacts(&reports, Band::Review, 2);
    let got: Vec<(&str, &[usize])> = shared
        .iter()
        .map(|s| (s.key.as_str(), s.posts.as_slice()))
        .collect();
    assert_eq!(
        got,
        [
            ("phone:+85512345678", &[0, 1, 3][..]),
            ("telegram:example_hr", &[1, 3][..])
        ]
    );
}

#[test]
fn signal_rules_are_checked_at_load() {
    let pack = r#"
[category]
id = "pay"
name = "Pay"
cap = 2.0

[[rule]]
id = "pay.x"
description = "x"
weight = 1.0
signal = "salary-too-high"
[rule.examples]
match = ["a"]
no_match = ["b"]
"#;
    let e = Detector::builder()
        .without_builtin()
        .pack_str("x.toml", pack)
        .build()
        .unwrap_err();
    assert!(
        e.to_string().contains("unknown signal `salary-too-high`"),
        "{e}"
    );
    assert_eq!(e.rule_id(), Some("pay.x"));
}

#[test]
fn disabled_signal_rules_do_not_fire() {
    let d = Detector::builder()
        .without_builtin()
        .pack_path(fixture("entities"))
        .disable("pay.salary-above-norm")
        .build()
        .unwrap();
    assert!(hits("Phnom Penh, 2,500 USD/month", &d, "pay.salary-above-norm").is_empty());
}

#[test]
fn entities_of_empty_and_odd_input() {
    for text in [
        "",
        " ",
        "+",
        "@",
        "0",
        "$",
        "万",
        "0️⃣",
        "t.me/",
        "wa.me/+",
        "\u{20e3}1",
    ] {
        let _ = entities(text);
    }
}
