fn main() {
    billsim_web::start();
}
