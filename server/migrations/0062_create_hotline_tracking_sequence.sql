-- Tracking numbers NT<yyyymmdd><7-digit sequence>: a sequence instead of random digits, so two requests never collide.
create sequence hotline_tracking_seq;
